package io.bmp.core.contract;

import io.bmp.core.bus.RecordType;
import java.util.ArrayList;
import java.util.List;

/** Every record type any contract sends, so that {@code Codecs.registerAll} registers them all. */
public final class Contracts {

  private Contracts() {}

  public static List<RecordType<?>> recordTypes() {
    List<RecordType<?>> types = new ArrayList<>();
    types.add(RecordType.of(ComponentHealth.class, ComponentHealth::fromJson));
    types.add(RecordType.of(NodeInfo.class, NodeInfo::fromJson));
    types.add(RecordType.of(NodeReport.class, NodeReport::fromJson));
    types.addAll(DriverContract.RECORDS);
    types.addAll(DhcpContract.RECORDS);
    types.addAll(TftpContract.RECORDS);
    types.addAll(ImageContract.RECORDS);
    types.addAll(SchedulerContract.RECORDS);
    types.addAll(PronoeaContract.RECORDS);
    types.addAll(MonitorProxyContract.RECORDS);
    types.addAll(ApiContract.RECORDS);
    types.addAll(AgentContract.RECORDS);
    return types;
  }
}

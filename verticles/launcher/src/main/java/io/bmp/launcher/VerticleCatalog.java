package io.bmp.launcher;

import io.bmp.api.ApiVerticle;
import io.bmp.core.contract.Component;
import io.bmp.dhcp.DhcpVerticle;
import io.bmp.driver.DriverVerticle;
import io.bmp.image.ImageVerticle;
import io.bmp.monitorproxy.MonitorProxyVerticle;
import io.bmp.pronoea.PronoeaVerticle;
import io.bmp.scheduler.SchedulerVerticle;
import io.bmp.tftp.TftpVerticle;
import io.vertx.core.Deployable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The verticles a descriptor may name, by their component id. */
final class VerticleCatalog {

  private static final Map<String, Supplier<Deployable>> FACTORIES = new LinkedHashMap<>();

  static {
    FACTORIES.put(Component.API.id(), ApiVerticle::new);
    FACTORIES.put(Component.SCHEDULER.id(), SchedulerVerticle::new);
    FACTORIES.put(Component.DRIVER.id(), DriverVerticle::new);
    FACTORIES.put(Component.DHCP.id(), DhcpVerticle::new);
    FACTORIES.put(Component.TFTP.id(), TftpVerticle::new);
    FACTORIES.put(Component.IMAGE.id(), ImageVerticle::new);
    FACTORIES.put(Component.PRONOEA.id(), PronoeaVerticle::new);
    FACTORIES.put(Component.MONITOR_PROXY.id(), MonitorProxyVerticle::new);
  }

  private VerticleCatalog() {}

  static boolean knows(String name) {
    return FACTORIES.containsKey(name);
  }

  static Supplier<Deployable> factory(String name) {
    return FACTORIES.get(name);
  }

  static String names() {
    return String.join(", ", FACTORIES.keySet());
  }
}

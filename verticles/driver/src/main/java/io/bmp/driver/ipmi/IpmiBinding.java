package io.bmp.driver.ipmi;

import io.bmp.core.contract.DriverContract.Reading;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.bmp.driver.BmcBinding;
import io.bmp.driver.BmcCapabilities.BootSetting;
import io.bmp.driver.BootTarget;
import io.bmp.driver.PowerAction;
import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.bmp.protocols.ipmi.command.chassis.BootFlags;
import io.bmp.protocols.ipmi.command.chassis.ChassisControl;
import io.bmp.protocols.ipmi.command.chassis.GetChassisStatus;
import io.bmp.protocols.ipmi.command.chassis.GetSystemBootOptions;
import io.bmp.protocols.ipmi.command.chassis.SetSystemBootOptions;
import io.bmp.protocols.ipmi.command.sdr.FullSensorRecord;
import io.bmp.protocols.ipmi.command.sdr.GetSdr;
import io.bmp.protocols.ipmi.command.sdr.GetSensorReading;
import io.bmp.protocols.ipmi.command.sdr.ReserveSdrRepository;
import io.bmp.protocols.ipmi.command.sel.ClearSel;
import io.bmp.protocols.ipmi.command.sel.GetSelEntry;
import io.bmp.protocols.ipmi.command.sel.GetSelInfo;
import io.bmp.protocols.ipmi.command.sel.ReserveSel;
import io.bmp.protocols.ipmi.command.sel.SelRecord;
import io.bmp.protocols.ipmi.message.CompletionCode;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPMI 2.0 binding: each capability as the commands IPMI has for it, over one kept session
 * ({@link IpmiConnection}). Completion codes become the driver's error codes here.
 */
public final class IpmiBinding implements BmcBinding {

  /** Bytes of an SDR read at a time: small BMCs refuse larger reads (completion code CAh). */
  private static final int SDR_CHUNK = 16;

  private final IpmiConnection connection;
  private List<FullSensorRecord> sdrCache;

  public IpmiBinding(IpmiConnection connection) {
    this.connection = connection;
  }

  public IpmiConnection connection() {
    return connection;
  }

  @Override
  public Future<Boolean> powerOn() {
    return ok(GetChassisStatus.ID, new byte[0]).map(data -> decode(() -> GetChassisStatus.Response.decode(data).powerOn()));
  }

  @Override
  public Future<Void> power(PowerAction action) {
    ChassisControl.Action control = switch (action) {
      case ON -> ChassisControl.Action.POWER_UP;
      case OFF -> ChassisControl.Action.POWER_DOWN;
      case SOFT_OFF -> ChassisControl.Action.SOFT_SHUTDOWN;
      case CYCLE -> ChassisControl.Action.POWER_CYCLE;
      case RESET -> ChassisControl.Action.HARD_RESET;
      case STATUS -> null;
    };
    return control == null ? Future.succeededFuture()
        : ok(ChassisControl.ID, new ChassisControl.Request(control).encode()).mapEmpty();
  }

  @Override
  public Future<Void> setBoot(BootTarget target, boolean persistent, boolean uefi) {
    BootDevice device = switch (target) {
      case PXE -> BootDevice.PXE;
      case DISK -> BootDevice.DISK;
      case BIOS -> BootDevice.BIOS_SETUP;
      case CDROM -> BootDevice.CDROM;
      case NONE -> BootDevice.NONE;
    };
    BootFlags flags = new BootFlags(target != BootTarget.NONE, persistent, uefi, device);
    return ok(SetSystemBootOptions.ID, SetSystemBootOptions.Request.bootFlags(flags).encode()).mapEmpty();
  }

  @Override
  public Future<BootSetting> boot() {
    byte[] request = new GetSystemBootOptions.Request(BootFlags.PARAMETER, 0, 0).encode();
    return ok(GetSystemBootOptions.ID, request).map(data -> decode(() -> {
      BootFlags flags = BootFlags.decode(GetSystemBootOptions.Response.decode(data).value());
      BootTarget named = switch (flags.device()) {
        case PXE -> BootTarget.PXE;
        case DISK, DISK_SAFE_MODE, REMOTE_DISK -> BootTarget.DISK;
        case BIOS_SETUP -> BootTarget.BIOS;
        case CDROM, REMOTE_CDROM -> BootTarget.CDROM;
        default -> BootTarget.NONE;
      };
      return new BootSetting(flags.valid() ? named : BootTarget.NONE, flags.persistent(), flags.efi(), named);
    }));
  }

  @Override
  public Future<List<Reading>> sensors() {
    Future<List<FullSensorRecord>> sdr = sdrCache != null ? Future.succeededFuture(sdrCache) : readSdr().onSuccess(r -> sdrCache = r);
    return sdr.compose(records -> readings(records, 0, new ArrayList<>()));
  }

  private Future<List<Reading>> readings(List<FullSensorRecord> records, int index, List<Reading> out) {
    if (index >= records.size()) {
      return Future.succeededFuture(out);
    }
    FullSensorRecord sensor = records.get(index);
    return connection.call(GetSensorReading.ID, new GetSensorReading.Request(sensor.sensorNumber()).encode())
        .compose(response -> {
          if (response.ok()) {
            GetSensorReading.Response reading = decode(() -> GetSensorReading.Response.decode(response.data()));
            out.add(SensorNames.reading(sensor, reading));
          } else {
            out.add(new Reading(sensor.name(), SensorNames.kind(sensor.sensorType()), null, SensorNames.unit(sensor.baseUnit()),
                "unavailable"));
          }
          return readings(records, index + 1, out);
        });
  }

  private Future<List<FullSensorRecord>> readSdr() {
    return ok(ReserveSdrRepository.ID, new byte[0])
        .map(data -> decode(() -> ReserveSdrRepository.Response.decode(data).reservationId()))
        .compose(reservation -> sdrFrom(reservation, 0, new ArrayList<>()));
  }

  private Future<List<FullSensorRecord>> sdrFrom(int reservation, int recordId, List<FullSensorRecord> out) {
    if (recordId == GetSdr.LAST || out.size() > 1024) {
      return Future.succeededFuture(out);
    }
    return sdrRecord(reservation, recordId, 0, -1, new ByteArrayOutputStream(), -1).compose(record -> {
      if (record.bytes().length > 3 && (record.bytes()[3] & 0xFF) == FullSensorRecord.TYPE) {
        out.add(decode(() -> FullSensorRecord.decode(record.bytes())));
      }
      return sdrFrom(reservation, record.next(), out);
    });
  }

  private record SdrRead(int next, byte[] bytes) {
  }

  // The five-byte header first (it gives the length), then the body in chunks.
  private Future<SdrRead> sdrRecord(int reservation, int recordId, int offset, int total, ByteArrayOutputStream bytes, int next) {
    if (total >= 0 && offset >= total) {
      return Future.succeededFuture(new SdrRead(next, bytes.toByteArray()));
    }
    int count = total < 0 ? FullSensorRecord.HEADER : Math.min(SDR_CHUNK, total - offset);
    return ok(GetSdr.ID, new GetSdr.Request(reservation, recordId, offset, count).encode()).compose(data -> {
      GetSdr.Response part = decode(() -> GetSdr.Response.decode(data));
      if (part.bytes().length == 0) {
        return Future.failedFuture(new BmpException(ErrorCode.UPSTREAM_FAILED, "the BMC returned an empty SDR read"));
      }
      bytes.writeBytes(part.bytes());
      int length = total >= 0 ? total : FullSensorRecord.HEADER + (part.bytes()[part.bytes().length - 1] & 0xFF);
      return sdrRecord(reservation, recordId, offset + part.bytes().length, length, bytes, part.nextRecordId());
    });
  }

  @Override
  public Future<List<SelEntry>> sel(long after) {
    return ok(GetSelInfo.ID, new byte[0]).compose(data -> {
      GetSelInfo.Response info = decode(() -> GetSelInfo.Response.decode(data));
      return info.entries() == 0 ? Future.succeededFuture(List.<SelEntry>of()) : selFrom(GetSelEntry.FIRST, after, new ArrayList<>());
    });
  }

  private Future<List<SelEntry>> selFrom(int recordId, long after, List<SelEntry> out) {
    if (out.size() > 4096) { // a BMC whose next-record chain loops
      return Future.succeededFuture(out);
    }
    return connection.call(GetSelEntry.ID, GetSelEntry.Request.whole(recordId).encode()).compose(response -> {
      if (response.completionCode() == CompletionCode.NOT_PRESENT) {
        return Future.succeededFuture(out); // emptied between Get SEL Info and here
      }
      GetSelEntry.Response entry = decode(() -> GetSelEntry.Response.decode(check(GetSelEntry.ID, response)));
      SelRecord record = decode(() -> SelRecord.decode(entry.record()));
      if (record.recordId() > after) {
        out.add(SensorNames.entry(record));
      }
      return entry.nextRecordId() == GetSelEntry.LAST ? Future.succeededFuture(out) : selFrom(entry.nextRecordId(), after, out);
    });
  }

  @Override
  public Future<Void> clearSel() {
    return ok(ReserveSel.ID, new byte[0])
        .map(data -> decode(() -> ReserveSel.Response.decode(data).reservationId()))
        .compose(reservation -> ok(ClearSel.ID, new ClearSel.Request(reservation, ClearSel.INITIATE).encode()))
        .mapEmpty();
  }

  @Override
  public Future<Integer> highestPrivilege() {
    return connection.highestPrivilege();
  }

  @Override
  public Future<Void> close() {
    return connection.close();
  }

  /** The response data of a command that must succeed. */
  private Future<byte[]> ok(Command command, byte[] data) {
    return connection.call(command, data).map(response -> check(command, response));
  }

  private static byte[] check(Command command, IpmiResponse response) {
    if (response.ok()) {
      return response.data();
    }
    int code = response.completionCode();
    ErrorCode error = switch (code) {
      case CompletionCode.INSUFFICIENT_PRIVILEGE -> ErrorCode.BMC_PRIVILEGE;
      case CompletionCode.NODE_BUSY, CompletionCode.SDR_IN_UPDATE_MODE, CompletionCode.FIRMWARE_UPDATE_MODE,
          CompletionCode.INITIALIZATION_IN_PROGRESS -> ErrorCode.BMC_BUSY;
      case CompletionCode.TIMEOUT -> ErrorCode.BMC_TIMEOUT;
      case CompletionCode.INVALID_COMMAND, CompletionCode.INVALID_FOR_LUN, CompletionCode.PARAMETER_NOT_SUPPORTED ->
          ErrorCode.BMC_UNSUPPORTED;
      case CompletionCode.NOT_SUPPORTED_IN_PRESENT_STATE -> ErrorCode.INVALID_STATE;
      default -> ErrorCode.UPSTREAM_FAILED;
    };
    throw new BmpException(error, "the BMC answered '" + CompletionCode.describe(code) + "' to " + command.name());
  }

  @FunctionalInterface
  private interface Decoding<T> {
    T get() throws IpmiDecodeException;
  }

  private static <T> T decode(Decoding<T> decoding) {
    try {
      return decoding.get();
    } catch (IpmiDecodeException e) {
      throw new BmpException(ErrorCode.UPSTREAM_FAILED, "the BMC sent an answer that does not decode: " + e.getMessage());
    }
  }
}

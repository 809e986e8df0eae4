package io.bmp.agent.lab;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.chassis.BootFlags;
import io.bmp.protocols.ipmi.command.chassis.ChassisControl;
import io.bmp.protocols.ipmi.command.chassis.GetChassisStatus;
import io.bmp.protocols.ipmi.command.chassis.GetSystemBootOptions;
import io.bmp.protocols.ipmi.command.chassis.SetSystemBootOptions;
import io.bmp.protocols.ipmi.command.global.GetDeviceId;
import io.bmp.protocols.ipmi.command.sdr.FullSensorRecord;
import io.bmp.protocols.ipmi.command.sdr.GetSdr;
import io.bmp.protocols.ipmi.command.sdr.GetSdrRepositoryInfo;
import io.bmp.protocols.ipmi.command.sdr.GetSensorReading;
import io.bmp.protocols.ipmi.command.sdr.ReserveSdrRepository;
import io.bmp.protocols.ipmi.command.sel.ClearSel;
import io.bmp.protocols.ipmi.command.sel.GetSelEntry;
import io.bmp.protocols.ipmi.command.sel.GetSelInfo;
import io.bmp.protocols.ipmi.command.sel.ReserveSel;
import io.bmp.protocols.ipmi.command.sel.SelRecord;
import io.bmp.protocols.ipmi.message.CompletionCode;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.NetFn;
import io.bmp.protocols.ipmi.server.CommandHandler;
import java.util.Arrays;
import java.util.List;

/**
 * The commands a simulated BMC answers about its node: device ID, chassis power and boot options,
 * the event log and the sensor repository. Power and boot changes need Operator privilege, as on
 * real BMCs; reads need User.
 */
final class SimulatedBmcCommands implements CommandHandler {

  /** The sensor repository: temperatures, a fan, the 12 V rail and input power, linear conversions. */
  static final List<FullSensorRecord> SENSORS = List.of(
      new FullSensorRecord(1, 1, 0x03, 0x01, 1, 1, 0, 0, 0, 95, 5, "CPU Temp"),
      new FullSensorRecord(2, 2, 0x37, 0x01, 1, 1, 0, 0, 0, 42, 5, "Inlet Temp"),
      new FullSensorRecord(3, 3, 0x1D, 0x04, 18, 60, 0, 0, 0, 0xFF, 10, "Fan1"),
      new FullSensorRecord(4, 4, 0x07, 0x02, 4, 6, 0, 0, -2, 217, 183, "12V"),
      new FullSensorRecord(5, 5, 0x15, 0x0B, 6, 2, 0, 0, 0, 0xFF, 0, "Power"));

  private final SimulatedNode node;
  private final int productId;
  private int selReservation;
  private int sdrReservation;

  SimulatedBmcCommands(SimulatedNode node, int productId) {
    this.node = node;
    this.productId = productId;
  }

  @Override
  public Reply handle(IpmiRequest request, int privilege) {
    try {
      return switch (request.netFn()) {
        case NetFn.APP -> app(request);
        case NetFn.CHASSIS -> chassis(request, privilege);
        case NetFn.STORAGE -> storage(request, privilege);
        case NetFn.SENSOR_EVENT -> sensor(request);
        default -> Reply.error(CompletionCode.INVALID_COMMAND);
      };
    } catch (IpmiDecodeException e) {
      return Reply.error(CompletionCode.REQUEST_LENGTH_INVALID);
    }
  }

  private Reply app(IpmiRequest request) {
    if (request.command() == GetDeviceId.ID.code()) {
      int support = GetDeviceId.SENSOR_DEVICE | GetDeviceId.SDR_REPOSITORY | GetDeviceId.SEL_DEVICE | GetDeviceId.CHASSIS_DEVICE;
      // IPMI version 2.0 (02h); manufacturer 0 is "unspecified", fine for a simulator.
      return Reply.ok(new GetDeviceId.Response(0x20, 1, 1, 5, 0x02, support, 0, productId).encode());
    }
    return Reply.error(CompletionCode.INVALID_COMMAND);
  }

  private Reply chassis(IpmiRequest request, int privilege) throws IpmiDecodeException {
    int command = request.command();
    if (command == GetChassisStatus.ID.code()) {
      return Reply.ok(new GetChassisStatus.Response(node.powerOn() ? 0x01 : 0x00, 0, 0).encode());
    }
    if (command == ChassisControl.ID.code()) {
      if (privilege < PrivilegeLevel.OPERATOR) {
        return Reply.error(CompletionCode.INSUFFICIENT_PRIVILEGE);
      }
      return control(ChassisControl.Request.decode(request.data()).action());
    }
    if (command == SetSystemBootOptions.ID.code()) {
      if (privilege < PrivilegeLevel.OPERATOR) {
        return Reply.error(CompletionCode.INSUFFICIENT_PRIVILEGE);
      }
      SetSystemBootOptions.Request set = SetSystemBootOptions.Request.decode(request.data());
      return switch (set.parameter()) {
        case SetSystemBootOptions.SET_IN_PROGRESS, SetSystemBootOptions.BOOT_INFO_ACKNOWLEDGE -> Reply.ok(new byte[0]);
        case BootFlags.PARAMETER -> {
          node.bootFlags(BootFlags.decode(set.value()));
          yield Reply.ok(new byte[0]);
        }
        default -> Reply.error(CompletionCode.PARAMETER_NOT_SUPPORTED);
      };
    }
    if (command == GetSystemBootOptions.ID.code()) {
      GetSystemBootOptions.Request get = GetSystemBootOptions.Request.decode(request.data());
      byte[] value = switch (get.parameter()) {
        case SetSystemBootOptions.SET_IN_PROGRESS -> new byte[] {0};
        case SetSystemBootOptions.BOOT_INFO_ACKNOWLEDGE -> new byte[] {0, 0};
        case BootFlags.PARAMETER -> node.bootFlags().encode();
        default -> null;
      };
      return value == null ? Reply.error(CompletionCode.PARAMETER_NOT_SUPPORTED)
          : Reply.ok(new GetSystemBootOptions.Response(1, false, get.parameter(), value).encode());
    }
    return Reply.error(CompletionCode.INVALID_COMMAND);
  }

  private Reply control(ChassisControl.Action action) {
    switch (action) {
      case POWER_UP -> node.powerUp();
      case POWER_DOWN, SOFT_SHUTDOWN -> node.powerDown();
      case POWER_CYCLE -> node.powerCycle();
      case HARD_RESET -> {
        if (!node.reset()) {
          return Reply.error(CompletionCode.NOT_SUPPORTED_IN_PRESENT_STATE);
        }
      }
      default -> {
        return Reply.error(CompletionCode.INVALID_DATA_FIELD);
      }
    }
    return Reply.ok(new byte[0]);
  }

  private Reply storage(IpmiRequest request, int privilege) throws IpmiDecodeException {
    int command = request.command();
    if (command == GetSelInfo.ID.code()) {
      List<SelRecord> sel = node.sel();
      return Reply.ok(new GetSelInfo.Response(0x51, sel.size(), node.selFreeBytes(), node.lastSelAddition(),
          node.lastSelErase(), GetSelInfo.RESERVE_SUPPORTED).encode());
    }
    if (command == ReserveSel.ID.code()) {
      selReservation = selReservation >= 0xFFFF ? 1 : selReservation + 1;
      return Reply.ok(new ReserveSel.Response(selReservation).encode());
    }
    if (command == GetSelEntry.ID.code()) {
      return selEntry(GetSelEntry.Request.decode(request.data()));
    }
    if (command == ClearSel.ID.code()) {
      if (privilege < PrivilegeLevel.OPERATOR) {
        return Reply.error(CompletionCode.INSUFFICIENT_PRIVILEGE);
      }
      ClearSel.Request clear = ClearSel.Request.decode(request.data());
      if (clear.reservationId() != selReservation) {
        return Reply.error(CompletionCode.RESERVATION_CANCELLED);
      }
      if (clear.action() == ClearSel.INITIATE) {
        node.clearSel();
        selReservation = 0; // clearing cancels the reservation
      }
      return Reply.ok(new ClearSel.Response(ClearSel.COMPLETED).encode());
    }
    if (command == GetSdrRepositoryInfo.ID.code()) {
      return Reply.ok(new GetSdrRepositoryInfo.Response(0x51, SENSORS.size(), 0, 0, 0, 0x02).encode());
    }
    if (command == ReserveSdrRepository.ID.code()) {
      sdrReservation = sdrReservation >= 0xFFFF ? 1 : sdrReservation + 1;
      return Reply.ok(new ReserveSdrRepository.Response(sdrReservation).encode());
    }
    if (command == GetSdr.ID.code()) {
      return sdr(GetSdr.Request.decode(request.data()));
    }
    return Reply.error(CompletionCode.INVALID_COMMAND);
  }

  private Reply selEntry(GetSelEntry.Request get) {
    List<SelRecord> sel = node.sel();
    if (sel.isEmpty()) {
      return Reply.error(CompletionCode.NOT_PRESENT);
    }
    if (get.offset() != 0 && get.reservationId() != selReservation) {
      return Reply.error(CompletionCode.RESERVATION_CANCELLED);
    }
    int index = -1;
    if (get.recordId() == GetSelEntry.FIRST) {
      index = 0;
    } else if (get.recordId() == GetSelEntry.LAST) {
      index = sel.size() - 1;
    } else {
      for (int i = 0; i < sel.size(); i++) {
        if (sel.get(i).recordId() == get.recordId()) {
          index = i;
        }
      }
    }
    if (index < 0) {
      return Reply.error(CompletionCode.NOT_PRESENT);
    }
    int next = index + 1 < sel.size() ? sel.get(index + 1).recordId() : GetSelEntry.LAST;
    byte[] bytes = slice(sel.get(index).encode(), get.offset(), get.count());
    return bytes == null ? Reply.error(CompletionCode.PARAMETER_OUT_OF_RANGE) : Reply.ok(new GetSelEntry.Response(next, bytes).encode());
  }

  private Reply sdr(GetSdr.Request get) {
    if (get.offset() != 0 && get.reservationId() != sdrReservation) {
      return Reply.error(CompletionCode.RESERVATION_CANCELLED);
    }
    int index = get.recordId() == 0 ? 0 : -1;
    for (int i = 0; i < SENSORS.size() && index < 0; i++) {
      if (SENSORS.get(i).recordId() == get.recordId()) {
        index = i;
      }
    }
    if (index < 0) {
      return Reply.error(CompletionCode.NOT_PRESENT);
    }
    int next = index + 1 < SENSORS.size() ? SENSORS.get(index + 1).recordId() : GetSdr.LAST;
    byte[] bytes = slice(SENSORS.get(index).encode(), get.offset(), get.count());
    return bytes == null ? Reply.error(CompletionCode.PARAMETER_OUT_OF_RANGE) : Reply.ok(new GetSdr.Response(next, bytes).encode());
  }

  private Reply sensor(IpmiRequest request) throws IpmiDecodeException {
    if (request.command() != GetSensorReading.ID.code()) {
      return Reply.error(CompletionCode.INVALID_COMMAND);
    }
    int number = GetSensorReading.Request.decode(request.data()).sensorNumber();
    for (FullSensorRecord sensor : SENSORS) {
      if (sensor.sensorNumber() == number) {
        int raw = node.reading(number);
        int thresholds = (raw >= sensor.upperCritical() ? GetSensorReading.ABOVE_UPPER_CRITICAL : 0)
            | (raw < sensor.lowerCritical() && node.powerOn() ? GetSensorReading.BELOW_LOWER_CRITICAL : 0);
        return Reply.ok(new GetSensorReading.Response(raw, false, thresholds).encode());
      }
    }
    return Reply.error(CompletionCode.NOT_PRESENT);
  }

  /** {@code count} bytes from {@code offset} (FFh: to the end), or null when the offset is past the record. */
  private static byte[] slice(byte[] record, int offset, int count) {
    if (offset > record.length) {
      return null;
    }
    int end = count == 0xFF ? record.length : Math.min(record.length, offset + count);
    return Arrays.copyOfRange(record, offset, end);
  }
}

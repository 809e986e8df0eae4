package io.bmp.driver.ipmi;

import io.bmp.core.contract.DriverContract.Reading;
import io.bmp.core.contract.DriverContract.SelEntry;
import io.bmp.protocols.ipmi.command.sdr.FullSensorRecord;
import io.bmp.protocols.ipmi.command.sdr.GetSensorReading;
import io.bmp.protocols.ipmi.command.sel.SelRecord;

/** IPMI's numbers for sensor types, units and events, as words (IPMI 2.0 Tables 42-3, 42-2, 43-15). */
final class SensorNames {

  private SensorNames() {
  }

  static String kind(int sensorType) {
    return switch (sensorType) {
      case 0x01 -> "temperature";
      case 0x02 -> "voltage";
      case 0x03 -> "current";
      case 0x04 -> "fan";
      case 0x05 -> "chassis-intrusion";
      case 0x07 -> "processor";
      case 0x08 -> "power-supply";
      case 0x09 -> "power-unit";
      case 0x0B -> "power";
      case 0x0C -> "memory";
      case 0x0D -> "drive-slot";
      case 0x0F -> "firmware-progress";
      case 0x10 -> "event-logging";
      case 0x12 -> "system-event";
      case 0x13 -> "critical-interrupt";
      case 0x1D -> "system-boot";
      case 0x20 -> "os-stop";
      case 0x23 -> "watchdog";
      default -> String.format("type-%02x", sensorType);
    };
  }

  static String unit(int baseUnit) {
    return switch (baseUnit) {
      case 1 -> "C";
      case 4 -> "V";
      case 5 -> "A";
      case 6 -> "W";
      case 18 -> "RPM";
      default -> "unit-" + baseUnit;
    };
  }

  static Reading reading(FullSensorRecord sensor, GetSensorReading.Response reading) {
    String kind = kind(sensor.sensorType());
    String unit = unit(sensor.baseUnit());
    if (reading.unavailable()) {
      return new Reading(sensor.name(), kind, null, unit, "unavailable");
    }
    double value = Math.round(sensor.value(reading.raw()) * 1000) / 1000.0;
    boolean critical = (reading.thresholds() & (GetSensorReading.ABOVE_UPPER_CRITICAL | GetSensorReading.BELOW_LOWER_CRITICAL)) != 0;
    return new Reading(sensor.name(), kind, value, unit, critical ? "critical" : "ok");
  }

  static SelEntry entry(SelRecord record) {
    return new SelEntry(record.recordId(), record.timestamp(), kind(record.sensorType()), record.sensorNumber(),
        event(record), !record.deassertion());
  }

  private static final String[] THRESHOLD_EVENTS = {
      "lower non-critical going low", "lower non-critical going high", "lower critical going low",
      "lower critical going high", "lower non-recoverable going low", "lower non-recoverable going high",
      "upper non-critical going low", "upper non-critical going high", "upper critical going low",
      "upper critical going high", "upper non-recoverable going low", "upper non-recoverable going high"};

  private static String event(SelRecord record) {
    int type = record.eventDirType() & 0x7F;
    int offset = record.data1() & 0x0F;
    if (type == 0x01) {
      return offset < THRESHOLD_EVENTS.length ? THRESHOLD_EVENTS[offset] : "threshold offset " + offset;
    }
    if (type == 0x6F) {
      String specific = switch (record.sensorType()) {
        case 0x09 -> switch (offset) {
          case 0 -> "power off / power down";
          case 1 -> "power cycle";
          case 4 -> "AC lost";
          default -> null;
        };
        case 0x08 -> switch (offset) {
          case 0 -> "presence detected";
          case 1 -> "power supply failure";
          case 3 -> "input lost";
          default -> null;
        };
        case 0x0C -> switch (offset) {
          case 0 -> "correctable ECC";
          case 1 -> "uncorrectable ECC";
          default -> null;
        };
        case 0x07 -> offset == 0 ? "IERR" : offset == 1 ? "thermal trip" : null;
        case 0x10 -> offset == 2 ? "log area reset / cleared" : null;
        default -> null;
      };
      if (specific != null) {
        return specific;
      }
    }
    return String.format("event type %02Xh offset %d", type, offset);
  }
}

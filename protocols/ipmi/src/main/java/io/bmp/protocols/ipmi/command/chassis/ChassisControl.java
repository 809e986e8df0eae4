package io.bmp.protocols.ipmi.command.chassis;

import io.bmp.protocols.ipmi.IpmiDecodeException;
import io.bmp.protocols.ipmi.WireReader;
import io.bmp.protocols.ipmi.command.Command;
import io.bmp.protocols.ipmi.message.NetFn;

/** Chassis Control (IPMI 2.0 §28.3): power down, up, cycle, hard reset, diagnostic interrupt, soft (ACPI) off. */
public final class ChassisControl {

  public static final Command ID = new Command(NetFn.CHASSIS, 0x02, "Chassis Control");

  private ChassisControl() {
  }

  public enum Action {
    POWER_DOWN(0x00), POWER_UP(0x01), POWER_CYCLE(0x02), HARD_RESET(0x03), DIAGNOSTIC_INTERRUPT(0x04), SOFT_SHUTDOWN(0x05);

    public final int code;

    Action(int code) {
      this.code = code;
    }

    public static Action of(int code) throws IpmiDecodeException {
      for (Action a : values()) {
        if (a.code == code) {
          return a;
        }
      }
      throw new IpmiDecodeException("chassis control " + code);
    }
  }

  public record Request(Action action) {
    public byte[] encode() {
      return new byte[] {(byte) action.code};
    }

    public static Request decode(byte[] data) throws IpmiDecodeException {
      return new Request(Action.of(new WireReader(data).u8() & 0x0F));
    }
  }
}

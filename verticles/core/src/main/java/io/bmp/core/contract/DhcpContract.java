package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.bmp.core.bus.Endpoint;
import io.bmp.core.bus.RecordType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The dhcp component's event-bus contract: DHCPv4 reservations and PXE boot selection of one room.
 *
 * <p>Served on {@code bmp.dhcp.<room>}. Actions: {@link #RESERVE}, {@link #RELEASE}, {@link #LIST}
 * and {@link HealthContract#HEALTH}. Each call is answered only once the room has written the
 * result to its local copy, so an acknowledged reservation survives a restart of the room node
 * and is served while central is down. Events of the room's DHCP (rogue servers, declined
 * addresses) are published on {@link #EVENTS}.
 */
public final class DhcpContract {

  public static final Component COMPONENT = Component.DHCP;

  /** {@link Reservation} in, {@link ReservationState} out: adds or replaces the MAC's reservation. */
  public static final String RESERVE = "reserve";
  /** {@link Release} in, {@link ReservationState} out ({@code active} false); releasing twice is fine. */
  public static final String RELEASE = "release";
  /** Empty body in, {@link ReservationList} out. */
  public static final String LIST = "list";
  /** Published {@link DhcpEvent}s of every room. */
  public static final String EVENTS = "bmp.dhcp.events";

  /** The LiveOS a reserved MAC boots into, rendered into its iPXE script, GRUB and pxelinux configs. */
  public record BootSpec(String kernelUrl, String initrdUrl, List<String> kernelArgs, String agentEndpoint,
      String agentToken) implements BusRecord {

    public BootSpec {
      kernelArgs = kernelArgs == null ? List.of() : List.copyOf(kernelArgs);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("kernelUrl", kernelUrl).put("initrdUrl", initrdUrl)
          .put("kernelArgs", new JsonArray(kernelArgs)).put("agentEndpoint", agentEndpoint).put("agentToken", agentToken);
    }

    public static BootSpec fromJson(JsonObject json) {
      return json == null ? null : new BootSpec(json.getString("kernelUrl"), json.getString("initrdUrl"),
          json.getJsonArray("kernelArgs", new JsonArray()).stream().map(String::valueOf).toList(),
          json.getString("agentEndpoint"), json.getString("agentToken"));
    }
  }

  /** One MAC's address, name and (while it is to network-boot) boot spec. */
  public record Reservation(String mac, String address, String hostname, BootSpec boot) implements BusRecord {

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("mac", mac).put("address", address).put("hostname", hostname);
      if (boot != null) {
        json.put("boot", boot.toJson());
      }
      return json;
    }

    public static Reservation fromJson(JsonObject json) {
      return new Reservation(json.getString("mac"), json.getString("address"), json.getString("hostname"),
          BootSpec.fromJson(json.getJsonObject("boot")));
    }

    /** The same reservation without its one-time token, for lists and logs. */
    public Reservation withoutSecrets() {
      return boot == null ? this : new Reservation(mac, address, hostname,
          new BootSpec(boot.kernelUrl(), boot.initrdUrl(), boot.kernelArgs(), boot.agentEndpoint(), null));
    }
  }

  public record Release(String mac) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("mac", mac);
    }

    public static Release fromJson(JsonObject json) {
      return new Release(json.getString("mac"));
    }
  }

  /** The state after a call: the MAC, whether it is now reserved (token left out), and how many the room holds. */
  public record ReservationState(String room, String mac, boolean active, Reservation reservation, int total)
      implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("mac", mac).put("active", active)
          .put("reservation", reservation == null ? null : reservation.toJson()).put("total", total);
    }

    public static ReservationState fromJson(JsonObject json) {
      JsonObject r = json.getJsonObject("reservation");
      return new ReservationState(json.getString("room"), json.getString("mac"), json.getBoolean("active", false),
          r == null ? null : Reservation.fromJson(r), json.getInteger("total", 0));
    }
  }

  public record ReservationList(String room, List<Reservation> reservations) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room)
          .put("reservations", new JsonArray(reservations.stream().map(Reservation::toJson).toList()));
    }

    public static ReservationList fromJson(JsonObject json) {
      return new ReservationList(json.getString("room"), json.getJsonArray("reservations", new JsonArray()).stream()
          .map(o -> Reservation.fromJson((JsonObject) o)).toList());
    }
  }

  /** Something the room's DHCP saw that an operator should know: {@code kind} is rogue-server or address-declined. */
  public record DhcpEvent(String room, String kind, String detail) implements BusRecord {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("kind", kind).put("detail", detail);
    }

    public static DhcpEvent fromJson(JsonObject json) {
      return new DhcpEvent(json.getString("room"), json.getString("kind"), json.getString("detail"));
    }
  }

  /** Record types this contract sends (registered on every node by {@code Codecs.registerAll}). */
  public static final List<RecordType<?>> RECORDS = List.of(
      RecordType.of(BootSpec.class, BootSpec::fromJson),
      RecordType.of(Reservation.class, Reservation::fromJson),
      RecordType.of(Release.class, Release::fromJson),
      RecordType.of(ReservationState.class, ReservationState::fromJson),
      RecordType.of(ReservationList.class, ReservationList::fromJson),
      RecordType.of(DhcpEvent.class, DhcpEvent::fromJson));

  private DhcpContract() {}

  public static String address(String room) {
    return COMPONENT.address(room);
  }

  public static Endpoint endpoint(String room) {
    return COMPONENT.endpoint(room);
  }
}

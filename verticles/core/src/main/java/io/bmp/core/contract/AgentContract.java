package io.bmp.core.contract;

import io.bmp.core.bus.BusRecord;
import io.bmp.core.bus.RecordType;
import io.bmp.core.domain.Partition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The agent channel's message schema: commands from the scheduler to the agent of one device,
 * and the agent's reports back. The same JSON travels over RabbitMQ (production) and over the
 * api's HTTP long-poll (all-in-one), so an agent and a scheduler never care which one carries it.
 *
 * <p>A command's id names the step and the attempt ({@code <stepId>.<attempt>}): a step that is
 * re-issued after a crash or a timeout gets a new id, so a late report for the old attempt is
 * recognised as stale and refused rather than taken for the new one.
 */
public final class AgentContract {

  /** Command kinds the LiveOS agent runs, one at a time, in the order they arrive. */
  public static final String INVENTORY = "inventory";
  public static final String CLEAN = "clean";
  public static final String RAID = "raid";
  public static final String PARTITION = "partition";
  public static final String WRITE_IMAGE = "write-image";
  public static final String FORMAT = "format";
  public static final String PASSWORD = "password";
  public static final String CLOUD_INIT = "cloud-init";
  public static final String WIPE = "wipe";

  /** Report kinds: the LiveOS check-in, progress of a running command, and its result. */
  public static final String CHECKIN = "checkin";
  public static final String GUEST_CHECKIN = "guest-checkin";
  public static final String PROGRESS = "progress";
  public static final String RESULT = "result";

  /** The agent's HTTP paths under its endpoint ({@code bmp.agent=} on the kernel command line). */
  public static final String PATH_CHECKIN = "/checkin";
  public static final String PATH_COMMANDS = "/commands";
  public static final String PATH_REPORTS = "/reports";
  public static final String PATH_GUEST_CHECKIN = "/guest/checkin";

  private AgentContract() {}

  /**
   * A partition layout as task parameters keep it and the agent reads it: mount point, file
   * system, size, label and the volume ({@code system} or {@code data}) each partition is on.
   */
  public static JsonArray partitions(List<Partition> parts) {
    JsonArray json = new JsonArray();
    for (Partition p : parts) {
      json.add(new JsonObject().put("mountPoint", p.mountPoint()).put("fsType", p.fsType()).put("sizeMb", p.sizeMb())
          .put("label", p.label()).put("volume", p.volume()));
    }
    return json;
  }

  /** The layout {@link #partitions(List)} wrote (a layout written before volumes existed is all on the system volume). */
  public static List<Partition> partitions(JsonArray json) {
    return json.stream().map(o -> (JsonObject) o).map(p -> new Partition(p.getString("mountPoint"), p.getString("fsType"),
        p.getLong("sizeMb"), p.getString("label"), p.getString("volume"))).toList();
  }

  /** One command for the agent of {@code device}. */
  public record Command(String id, String device, String kind, JsonObject params) implements BusRecord {

    public Command {
      params = params == null ? new JsonObject() : params;
    }

    public static String id(String stepId, int attempt) {
      return stepId + "." + attempt;
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("device", device).put("kind", kind).put("params", params);
    }

    public static Command fromJson(JsonObject json) {
      return new Command(json.getString("id"), json.getString("device"), json.getString("kind"),
          json.getJsonObject("params"));
    }
  }

  /**
   * What the agent of {@code device} says: a check-in (with the task its token was issued for), a
   * command's progress ({@code done} of {@code total}), or its result ({@code ok}, else an error code
   * and message). {@code data} carries the result (an inventory, a partition table…).
   */
  public record Report(String device, String kind, String commandId, String taskId, long done, long total,
      boolean ok, String errorCode, String message, JsonObject data) implements BusRecord {

    public static Report checkin(String device, String taskId, JsonObject data) {
      return new Report(device, CHECKIN, null, taskId, 0, 0, true, null, null, data);
    }

    public static Report guestCheckin(String device, String instanceId, JsonObject data) {
      return new Report(device, GUEST_CHECKIN, null, instanceId, 0, 0, true, null, null, data);
    }

    public static Report progress(String device, String commandId, long done, long total, String message) {
      return new Report(device, PROGRESS, commandId, null, done, total, true, null, message, null);
    }

    /** A heartbeat while a command runs: the agent is alive, with no figures to tell (done and total -1). */
    public static Report alive(String device, String commandId) {
      return new Report(device, PROGRESS, commandId, null, -1, -1, true, null, null, null);
    }

    /** Whether this progress report carries figures (a heartbeat does not). */
    public boolean hasFigures() {
      return done >= 0 && total >= 0;
    }

    public static Report succeeded(String device, String commandId, JsonObject data) {
      return new Report(device, RESULT, commandId, null, 0, 0, true, null, null, data);
    }

    public static Report failed(String device, String commandId, String errorCode, String message) {
      return new Report(device, RESULT, commandId, null, 0, 0, false, errorCode, message, null);
    }

    /** The same report said by {@code device} (the gateway stamps the device its token belongs to). */
    public Report from(String device) {
      return new Report(device, kind, commandId, taskId, done, total, ok, errorCode, message, data);
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("device", device).put("kind", kind).put("commandId", commandId).put("taskId", taskId)
          .put("done", done).put("total", total).put("ok", ok).put("errorCode", errorCode).put("message", message)
          .put("data", data);
    }

    public static Report fromJson(JsonObject json) {
      return new Report(json.getString("device"), json.getString("kind"), json.getString("commandId"),
          json.getString("taskId"), json.getLong("done", 0L), json.getLong("total", 0L), json.getBoolean("ok", false),
          json.getString("errorCode"), json.getString("message"), json.getJsonObject("data"));
    }
  }

  public static final List<RecordType<?>> RECORDS = List.of(
      RecordType.of(Command.class, Command::fromJson),
      RecordType.of(Report.class, Report::fromJson));
}

package io.bmp.scheduler;

import io.bmp.core.domain.Message;
import io.bmp.core.domain.Task;
import io.bmp.core.repo.MessageRepository;
import io.bmp.core.repo.UserRepository;
import io.bmp.core.storage.Database;
import io.bmp.core.storage.Ids;
import io.vertx.core.Future;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the user who asked for a task how it ended: an in-site message ({@code operation}, the
 * task's kind as sub-type, about its instance or device) in the user's language. Best effort: a
 * message that cannot be written is logged and never fails the task.
 */
final class TaskMessages {

  private static final Logger LOG = LoggerFactory.getLogger(TaskMessages.class);

  /** What each kind of task does, in English and Chinese. */
  private static final Map<String, String[]> ACTIONS = Map.of(
      "install", new String[] {"Install", "安装"}, "reinstall", new String[] {"Reinstall", "重装"},
      "delete", new String[] {"Delete", "删除"}, "power_on", new String[] {"Start", "开机"},
      "power_off", new String[] {"Stop", "关机"}, "power_cycle", new String[] {"Restart", "重启"},
      "reset_password", new String[] {"Password reset", "重置密码"}, "shelve", new String[] {"Shelving", "上架"},
      "unshelve", new String[] {"Unshelving", "下架"}, "collect", new String[] {"Hardware collection", "采集硬件信息"});

  private final MessageRepository messages;
  private final UserRepository users;

  TaskMessages(Database database) {
    this.messages = new MessageRepository(database);
    this.users = new UserRepository(database);
  }

  /** {@code subject} names what the task worked on (the instance's name, the device's serial number). */
  Future<Void> finished(Task task, String subject, boolean ok, String code, String reason) {
    if (task.requestedBy() == null) {
      return Future.succeededFuture();
    }
    return users.find(task.requestedBy()).compose(user -> {
      if (user.isEmpty()) {
        return Future.<Void>succeededFuture();
      }
      boolean chinese = "zh-CN".equals(user.get().language());
      String[] action = ACTIONS.getOrDefault(task.kind(), new String[] {task.kind(), task.kind()});
      String title = chinese ? subject + " " + action[1] + (ok ? "成功" : "失败")
          : action[0] + " of " + subject + (ok ? " succeeded" : " failed");
      String content = ok ? (chinese ? "任务 " : "Task ") + task.id() : code + ": " + reason;
      boolean onInstance = task.instanceId() != null;
      return messages.create(new Message(Ids.next("msg"), user.get().id(), "operation", task.kind(), cut(title, 255),
          cut(content, 1000), onInstance ? "instance" : "device",
          onInstance ? task.instanceId() : task.deviceId(), false, null));
    }).recover(e -> {
      LOG.warn("TASK {} no message for its end: {}", task.id(), e.getMessage());
      return Future.succeededFuture();
    });
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}

package io.bmp.core.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Verifies that the migrations build the whole domain schema and its reference data on both databases. */
class SchemaTest extends StorageTestBase {

  static final List<String> TABLES = List.of(
      "rooms", "raid_levels", "device_types", "device_type_volumes", "volume_raid_levels", "devices",
      "device_interfaces", "device_disks", "operating_systems", "images", "device_type_images",
      "partition_templates", "roles", "users", "projects", "project_shares", "ssh_keys", "api_keys", "instances",
      "instance_partitions", "instance_volume_raids", "instance_ssh_keys", "tasks", "task_steps", "audit_logs",
      "messages", "mail_settings", "alert_rules", "alert_rule_instances", "alerts", "fault_rules", "sel_events");

  @Test
  void everyTableOfTheDomainExists() {
    // GIVEN a freshly migrated database WHEN we list its tables THEN every domain table is there
    String schema = kind == io.bmp.core.testing.DatabaseKind.H2 ? "public" : db.config().name();
    List<String> tables = new ArrayList<>();
    for (Row row : db.pool().preparedQuery(
            "SELECT table_name FROM information_schema.tables WHERE LOWER(table_schema) = ?")
        .execute(Tuple.of(schema)).await()) {
      tables.add(row.getString(0).toLowerCase(Locale.ROOT));
    }
    assertThat(tables).containsAll(TABLES);
  }

  @Test
  void builtInRolesAndRaidLevelsAreSeeded() {
    List<String> roles = new ArrayList<>();
    db.pool().query("SELECT name FROM roles ORDER BY name").execute().await().forEach(r -> roles.add(r.getString(0)));
    assertThat(roles).containsExactly("Operator", "Owner", "User");
    long raids = ((Number) db.pool().query("SELECT COUNT(*) FROM raid_levels").execute().await()
        .iterator().next().getValue(0)).longValue();
    assertThat(raids).isEqualTo(6);
  }

  @Test
  void migratingAgainChangesNothing() {
    // WHEN the same database is opened a second time THEN Flyway finds nothing to apply and the data stays
    var room = newRoom();
    var again = io.bmp.core.storage.Database.open(vertx, db.config()).await();
    try {
      assertThat(new RoomRepository(again).find(room.id()).await()).isPresent();
    } finally {
      again.close().await();
    }
  }
}

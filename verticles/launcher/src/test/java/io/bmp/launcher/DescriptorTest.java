package io.bmp.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DescriptorTest {

  static final String MINIMAL = """
      { "node": { "name": "n", "room": "r1", "clustered": false, "dataDir": "./d" },
        "database": { "kind": "mysql", "host": "db", "port": 3306, "password": "" },
        "verticles": { "api": { "instances": 1, "config": { "port": 8080, "tls": { "enabled": false } } },
                       "monitor-proxy": { "instances": 1, "config": {} },
                       "driver": { "config": {} } } }
      """;

  @Test
  void thePackagedShapesAreValid() {
    assertThat(Descriptor.load(null).resolve(Map.of(), null, null).verticles()).hasSize(8);
    Descriptor central = Descriptor.load(java.nio.file.Path.of("central")).resolve(Map.of(), null, null);
    assertThat(central.clustered()).isTrue();
    assertThat(central.database().getString("kind")).isEqualTo("mysql");
    Descriptor room = Descriptor.load(java.nio.file.Path.of("room")).resolve(Map.of(), "r7", null);
    assertThat(room.room()).isEqualTo("r7");
    assertThat(room.database()).isNull();
  }

  @Test
  void environmentVariablesOverrideAnyKeyWithItsType() {
    Descriptor d = Descriptor.parse("t", MINIMAL).resolve(Map.of(
        "BMP_API_PORT", "9090",
        "BMP_API_TLS_ENABLED", "true",
        "BMP_MONITOR_PROXY_INSTANCES", "3",
        "BMP_DATABASE_HOST", "db.example",
        "BMP_DATABASE_PASSWORD", "s3cret",
        "BMP_NODE_DATA_DIR", "/var/lib/bmp"), null, null);
    Descriptor.Entry api = d.verticles().get(0);
    assertThat(api.config().getInteger("port")).isEqualTo(9090);
    assertThat(api.config().getJsonObject("tls").getBoolean("enabled")).isTrue();
    assertThat(d.verticles().get(1).instances()).isEqualTo(3);
    assertThat(d.database().getString("host")).isEqualTo("db.example");
    assertThat(d.database().getString("password")).isEqualTo("s3cret");
    assertThat(d.dataDir()).hasToString("/var/lib/bmp");
  }

  @Test
  void zeroInstancesMeansOnePerCpuAndTheRoomsImageServerUsesIt() {
    Descriptor d = Descriptor.parse("t", MINIMAL).resolve(Map.of("BMP_MONITOR_PROXY_INSTANCES", "0"), null, null);
    assertThat(d.verticles().get(1).instances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    Descriptor room = Descriptor.load(java.nio.file.Path.of("room")).resolve(Map.of(), "r7", null);
    assertThat(room.verticles()).filteredOn(e -> e.name().equals("image")).singleElement()
        .extracting(Descriptor.Entry::instances).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThatThrownBy(() -> Descriptor.parse("t", MINIMAL).resolve(Map.of("BMP_MONITOR_PROXY_INSTANCES", "-1"), null, null))
        .isInstanceOf(DescriptorException.class).hasMessageContaining("or 0 for one per CPU");
  }

  @Test
  void centralRunsTheImageOriginAsRoomCentralWithoutServingARoom() {
    Descriptor central = Descriptor.load(java.nio.file.Path.of("central")).resolve(Map.of("BMP_IMAGE_PORT", "18082"), null, null);
    assertThat(central.room()).as("central serves no room").isNull();
    Descriptor.Entry image = central.verticles().stream().filter(e -> e.name().equals("image")).findFirst().orElseThrow();
    assertThat(image.config().getString("room")).isEqualTo("central");
    assertThat(image.config().getString("origin")).as("central's store is the origin").isEmpty();
    assertThat(image.config().getInteger("port")).isEqualTo(18082);
    assertThatThrownBy(() -> Descriptor.parse("t", "{ \"node\": {\"name\": \"n\"}, \"verticles\": { \"image\": "
            + "{ \"config\": { \"room\": \"Bad Room\" } } } }").resolve(Map.of(), null, null))
        .isInstanceOf(DescriptorException.class).hasMessageContaining("verticles.image.config.room 'Bad Room'");
  }

  @Test
  void anAllInOneNodesAgentsCheckInAtItsApiWhereverItListens() {
    Descriptor moved = Descriptor.load(null).resolve(Map.of("BMP_API_PORT", "18080"), null, null);
    assertThat(moved.verticles()).filteredOn(e -> e.name().equals("scheduler")).singleElement()
        .extracting(e -> e.config().getJsonObject("boot").getString("agentEndpoint"))
        .isEqualTo("http://127.0.0.1:18080/agent/v1");
    Descriptor central = Descriptor.load(java.nio.file.Path.of("central")).resolve(Map.of("BMP_API_PORT", "18080"), null, null);
    assertThat(central.verticles()).filteredOn(e -> e.name().equals("scheduler")).singleElement()
        .extracting(e -> e.config().getJsonObject("boot", new io.vertx.core.json.JsonObject()).getString("agentEndpoint"))
        .as("a central node's agents come from the rooms: no loopback default").isNull();
  }

  @Test
  void commandLineWinsOverEnvironment() {
    Descriptor d = Descriptor.parse("t", MINIMAL).resolve(Map.of("BMP_NODE_ROOM", "env-room"), "cli-room", "/x");
    assertThat(d.room()).isEqualTo("cli-room");
    assertThat(d.dataDir()).hasToString("/x");
  }

  @Test
  void bmpVerticlesChoosesWhichVerticlesRun() {
    Descriptor d = Descriptor.parse("t", MINIMAL).resolve(Map.of("BMP_VERTICLES", "driver, dhcp"), null, null);
    assertThat(d.verticles()).extracting(Descriptor.Entry::name).containsExactly("driver", "dhcp");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheVariable() {
    assertThatThrownBy(() -> Descriptor.parse("t", MINIMAL).resolve(Map.of("BMP_API_PORT", "eighty"), null, null))
        .isInstanceOf(DescriptorException.class).hasMessage("BMP_API_PORT must be a whole number, not 'eighty'");
  }

  @Test
  void malformedJsonIsRefused() {
    assertThatThrownBy(() -> Descriptor.parse("bad.json", "{ \"node\": "))
        .isInstanceOf(DescriptorException.class).hasMessageStartingWith("descriptor bad.json is not valid JSON");
  }

  @Test
  void unknownVerticleIsRefusedWithTheKnownOnes() {
    String text = "{ \"node\": {\"name\": \"n\"}, \"verticles\": { \"ftp\": {} } }";
    assertThatThrownBy(() -> Descriptor.parse("t", text).resolve(Map.of(), null, null))
        .isInstanceOf(DescriptorException.class)
        .hasMessageContaining("unknown verticle 'ftp'").hasMessageContaining("api, scheduler");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertThatThrownBy(() -> Descriptor.parse("t", "{ \"verticles\": { \"api\": {} } }").resolve(Map.of(), null, null))
        .hasMessageContaining("'node' is missing");
    assertThatThrownBy(() -> Descriptor.parse("t", "{ \"node\": {}, \"verticles\": { \"api\": {} } }").resolve(Map.of(), null, null))
        .hasMessageContaining("'node.name'");
    assertThatThrownBy(() -> Descriptor.parse("t", "{ \"node\": {\"name\": \"n\"}, \"verticles\": { \"driver\": {} } }")
            .resolve(Map.of(), null, null))
        .hasMessageContaining("'driver' serves a room");
    assertThatThrownBy(() -> Descriptor.parse("t",
            "{ \"node\": {\"name\": \"n\", \"clustered\": true}, \"cluster\": {\"members\": \"\"}, \"verticles\": { \"api\": {} } }")
            .resolve(Map.of(), null, null))
        .hasMessageContaining("cluster.members");
  }

  @Test
  void typosInKeysAreCaughtNotIgnored() {
    assertThatThrownBy(() -> Descriptor.parse("t", "{ \"node\": {\"name\": \"n\"}, \"databse\": {}, \"verticles\": { \"api\": {} } }")
            .resolve(Map.of(), null, null))
        .hasMessageContaining("unknown section 'databse'");
    assertThatThrownBy(() -> Descriptor.parse("t", "{ \"node\": {\"name\": \"n\"}, \"verticles\": { \"api\": {\"instance\": 2} } }")
            .resolve(Map.of(), null, null))
        .hasMessageContaining("verticles.api.instance");
  }

  @Test
  void envNamesFollowTheDocumentedScheme() {
    assertThat(EnvOverrides.names(Descriptor.parse("t", MINIMAL).resolve(Map.of(), null, null).json()).keySet())
        .contains("BMP_NODE_NAME", "BMP_NODE_DATA_DIR", "BMP_DATABASE_HOST", "BMP_API_PORT", "BMP_API_TLS_ENABLED",
            "BMP_API_INSTANCES", "BMP_MONITOR_PROXY_INSTANCES");
  }

  @Test
  void theAllInOneMovesToMysqlWithKeysOnlyTheCentralShapeLists() {
    // all-in-one's database section names an H2 file only; host, port and name come from central's.
    Descriptor d = Descriptor.load(null).resolve(Map.of("BMP_DATABASE_KIND", "mysql", "BMP_DATABASE_HOST", "db1",
        "BMP_DATABASE_PORT", "3307", "BMP_DATABASE_NAME", "bmp_lab", "BMP_CACHE_URL", "redis://cache1:6379"), null, null);
    assertThat(d.json().getJsonObject("database").getString("kind")).isEqualTo("mysql");
    assertThat(d.json().getJsonObject("database").getString("host")).isEqualTo("db1");
    assertThat(d.json().getJsonObject("database").getInteger("port")).isEqualTo(3307);
    assertThat(d.json().getJsonObject("database").getString("name")).isEqualTo("bmp_lab");
    assertThat(d.json().getJsonObject("cache").getString("url")).isEqualTo("redis://cache1:6379");
    assertThatThrownBy(() -> Descriptor.load(null).resolve(Map.of("BMP_DATABASE_PORT", "db"), null, null))
        .isInstanceOf(DescriptorException.class).hasMessage("BMP_DATABASE_PORT must be a whole number, not 'db'");
  }

  @Test
  void aKeyOfAVerticleTheDescriptorDoesNotRunIsNotAdded() {
    // MINIMAL has no scheduler: central's scheduler settings must not bring one in.
    Descriptor d = Descriptor.parse("t", MINIMAL).resolve(Map.of("BMP_SCHEDULER_EVENTS_URI", "amqp://mq1",
        "BMP_SCHEDULER_INSTANCES", "2", "BMP_DRIVER_INSTANCES", "2"), null, null);
    assertThat(d.json().getJsonObject("verticles").containsKey("scheduler")).isFalse();
    // driver runs here, without an instances key: central's driver-less shape offers none, room's does.
    assertThat(d.json().getJsonObject("verticles").getJsonObject("driver").getInteger("instances")).isEqualTo(2);
    Descriptor all = Descriptor.load(null).resolve(Map.of("BMP_SCHEDULER_EVENTS_URI", "amqp://mq1"), null, null);
    assertThat(all.json().getJsonObject("verticles").getJsonObject("scheduler").getJsonObject("config")
        .getJsonObject("events").getString("uri")).isEqualTo("amqp://mq1");
  }

  @Test
  void theNodesOwnCredentialsCannotGoIntoABootConfig() {
    String descriptor = """
        { "node": { "name": "n", "clustered": false, "dataDir": "./d" },
          "database": { "kind": "mysql", "host": "db", "port": 3306, "password": "S3cret-db-pw-77" },
          "agentChannel": { "kind": "rabbitmq", "uri": "amqp://bmp:Br0ker%2Bpass@mq:5672" },
          "verticles": { "scheduler": { "instances": 1, "config": { "boot": { "kernelArgs": [ARGS] },
            "rooms": { "r1": { "boot": { "kernelArgs": [ROOM] } } } } } } }
        """;
    assertThatThrownBy(() -> Descriptor.parse("t", descriptor.replace("ARGS", "\"console=ttyS0\", \"bmp.x=S3cret-db-pw-77\"")
            .replace("ROOM", "")).resolve(Map.of(), null, null))
        .hasMessageContaining("verticles.scheduler.config.boot carries the database password")
        .hasMessageNotContaining("S3cret-db-pw-77");
    // Percent-encoded, in one room's settings only: still the broker's password.
    assertThatThrownBy(() -> Descriptor.parse("t", descriptor.replace("ARGS", "").replace("ROOM", "\"bmp.q=Br0ker%2Bpass\""))
            .resolve(Map.of(), null, null))
        .hasMessageContaining("rooms.r1.boot carries the broker's password").hasMessageNotContaining("Br0ker");
    assertThat(Descriptor.parse("t", descriptor.replace("ARGS", "\"console=ttyS0\"").replace("ROOM", ""))
        .resolve(Map.of(), null, null).verticles()).hasSize(1);
  }
}

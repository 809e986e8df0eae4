package io.bmp.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.core.contract.ComponentHealth;
import io.bmp.core.contract.DriverContract;
import io.bmp.core.contract.NodeInfo;
import io.bmp.core.error.BmpException;
import io.bmp.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BusTest {

  Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    Codecs.registerAll(vertx);
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void recordCodecWritesJsonOnTheWireAndReadsItBack() {
    RecordCodec<NodeInfo> codec = new RecordCodec<>(RecordType.of(NodeInfo.class, NodeInfo::fromJson));
    NodeInfo info = new NodeInfo("n-1", "room-r1", "r1", List.of("driver", "dhcp"));
    Buffer wire = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(wire, info);
    assertThat(codec.decodeFromWire(6, wire)).isEqualTo(info);
    assertThat(codec.transform(info)).isSameAs(info);
  }

  @Test
  void registeringTwiceIsHarmless() {
    Codecs.registerAll(vertx);
  }

  @Test
  void aServedActionRepliesWithItsRecord() {
    String address = DriverContract.address("r1");
    BusService.serve(vertx, address, Map.of("health",
        m -> Future.succeededFuture(new ComponentHealth("driver", "r1", "n", true, new JsonObject())))).await();
    ComponentHealth reply = Bus.request(vertx, DriverContract.endpoint("r1"), "health", null, ComponentHealth.class).await();
    assertThat(reply.room()).isEqualTo("r1");
  }

  @Test
  void aCodedFailureArrivesWithItsCodeAndAnUncodedOneAsInternal() {
    String address = DriverContract.address("r1");
    BusService.serve(vertx, address, Map.of(
        "coded", m -> Future.failedFuture(new BmpException(ErrorCode.INVALID_STATE, "device is busy")),
        "bug", m -> { throw new IllegalStateException("secret detail"); })).await();
    assertThatThrownBy(() -> Bus.request(vertx, DriverContract.endpoint("r1"), "coded", null, Object.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
          assertThat(e.getMessage()).isEqualTo("device is busy");
        });
    assertThatThrownBy(() -> Bus.request(vertx, DriverContract.endpoint("r1"), "bug", null, Object.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
          assertThat(e.getMessage()).doesNotContain("secret");
        });
    assertThatThrownBy(() -> Bus.request(vertx, DriverContract.endpoint("r1"), "nope", null, Object.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_ACTION));
  }

  @Test
  void aRoomThatIsNotUpFailsAtOnceAsRoomUnavailable() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Bus.request(vertx, DriverContract.endpoint("r9"), "health", null, Object.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ROOM_UNAVAILABLE);
          assertThat(e.getMessage()).contains("r9");
        });
    // Not a hang: far below the request timeout.
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(Endpoint.DEFAULT_TIMEOUT_MILLIS);
  }

  @Test
  void aRoomThatDoesNotAnswerTimesOutAsRoomUnavailable() {
    vertx.eventBus().consumer(DriverContract.address("slow"), m -> { /* never replies */ }).completion().await();
    assertThatThrownBy(() -> Bus.request(vertx, DriverContract.endpoint("slow").withTimeout(200), "health", null,
            Object.class).await())
        .isInstanceOfSatisfying(BmpException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.ROOM_UNAVAILABLE);
          assertThat(e.getMessage()).contains("did not answer");
        });
  }
}

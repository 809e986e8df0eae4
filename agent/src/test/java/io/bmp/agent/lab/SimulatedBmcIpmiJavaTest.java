package io.bmp.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metricshub.ipmi.core.api.async.ConnectionHandle;
import org.metricshub.ipmi.core.api.sync.IpmiConnector;
import org.metricshub.ipmi.core.coding.commands.IpmiVersion;
import org.metricshub.ipmi.core.coding.commands.PrivilegeLevel;
import org.metricshub.ipmi.core.coding.commands.chassis.ChassisControl;
import org.metricshub.ipmi.core.coding.commands.chassis.GetChassisStatus;
import org.metricshub.ipmi.core.coding.commands.chassis.GetChassisStatusResponseData;
import org.metricshub.ipmi.core.coding.commands.chassis.PowerCommand;
import org.metricshub.ipmi.core.coding.commands.sel.GetSelInfo;
import org.metricshub.ipmi.core.coding.commands.sel.GetSelInfoResponseData;
import org.metricshub.ipmi.core.coding.commands.session.SetSessionPrivilegeLevel;
import org.metricshub.ipmi.core.coding.protocol.AuthenticationType;
import org.metricshub.ipmi.core.coding.security.CipherSuite;

/**
 * A second IPMI client that no one here wrote, MetricsHub's ipmi-java (a Java RMCP+ stack of its
 * own, unrelated to ipmitool's C code), against our simulated BMC: the RAKP handshake with SHA-1
 * and SHA-256, AES payloads, chassis status and control, SEL info, and a wrong password refused.
 * Blocking library calls run on the test thread, never on an event loop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedBmcIpmiJavaTest {

  private Vertx vertx;
  private SimulatedBmc bmc;

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    bmc = await(SimulatedBmc.start(vertx, "127.0.0.1", 0, SimulatedBmc.Settings.of("admin", "s3cret-pw", 0), 1));
  }

  @AfterAll
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * Suite 3: RAKP-HMAC-SHA1, AES-CBC-128, HMAC-SHA1-96; suite 17: RAKP-HMAC-SHA256, AES-CBC-128,
   * HMAC-SHA256-128 (the library's constructor takes confidentiality before integrity).
   */
  private static CipherSuite cipherSuite(int id) {
    return id == 17 ? new CipherSuite((byte) 17, (byte) 3, (byte) 1, (byte) 4)
        : new CipherSuite((byte) 3, (byte) 1, (byte) 1, (byte) 1);
  }

  /** One library session (a connection made with suite and privilege goes straight to RAKP); closed by the caller. */
  private record Client(IpmiConnector connector, ConnectionHandle handle, CipherSuite suite) implements AutoCloseable {
    static Client open(int port, int suiteId, String user, String password) throws Exception {
      IpmiConnector connector = new IpmiConnector(0);
      try {
        CipherSuite suite = cipherSuite(suiteId);
        ConnectionHandle handle = connector.createConnection(InetAddress.getLoopbackAddress(), port, suite,
            PrivilegeLevel.Administrator);
        connector.openSession(handle, user, password, null);
        // A session starts at User level (IPMI 2.0 §22.18); the library does not raise it by itself, ipmitool does.
        connector.sendMessage(handle, new SetSessionPrivilegeLevel(IpmiVersion.V20, suite, AuthenticationType.RMCPPlus,
            PrivilegeLevel.Administrator));
        return new Client(connector, handle, suite);
      } catch (Exception e) {
        connector.tearDown();
        throw e;
      }
    }

    boolean powerOn() throws Exception {
      GetChassisStatusResponseData status = (GetChassisStatusResponseData) connector.sendMessage(handle,
          new GetChassisStatus(IpmiVersion.V20, suite, AuthenticationType.RMCPPlus));
      return status.isPowerOn();
    }

    void power(PowerCommand command) throws Exception {
      connector.sendMessage(handle, new ChassisControl(IpmiVersion.V20, suite, AuthenticationType.RMCPPlus, command));
    }

    int selEntries() throws Exception {
      return ((GetSelInfoResponseData) connector.sendMessage(handle,
          new GetSelInfo(IpmiVersion.V20, suite, AuthenticationType.RMCPPlus))).getEntriesCount();
    }

    @Override
    public void close() throws Exception {
      try {
        connector.closeSession(handle);
      } finally {
        connector.tearDown();
      }
    }
  }

  @ParameterizedTest(name = "cipher suite {0}")
  @ValueSource(ints = {3, 17})
  void chassisStatusAndControlFollowTheNode(int suite) throws Exception {
    try (Client client = Client.open(bmc.port(), suite, "admin", "s3cret-pw")) {
      client.power(PowerCommand.PowerDown);
      assertThat(await(bmc.onContext(() -> bmc.node().powerOn()))).isFalse();
      assertThat(client.powerOn()).isFalse();
      client.power(PowerCommand.PowerUp);
      assertThat(await(bmc.onContext(() -> bmc.node().powerOn()))).isTrue();
      assertThat(client.powerOn()).isTrue();
    }
  }

  @Test
  void selInfoCountsTheNodesEvents() throws Exception {
    try (Client client = Client.open(bmc.port(), 3, "admin", "s3cret-pw")) {
      client.power(PowerCommand.PowerDown);
      client.power(PowerCommand.PowerUp);
      int expected = await(bmc.onContext(() -> bmc.node().sel().size()));
      assertThat(expected).isGreaterThanOrEqualTo(2);
      assertThat(client.selEntries()).isEqualTo(expected);
    }
  }

  /**
   * The library reports a refused RAKP 2 as being stuck in the state that waits for it (where a
   * lost Open Session answer would leave it in an earlier one); the right password, in the tests
   * above, goes through the same code.
   */
  @Test
  void aWrongPasswordIsRefusedInTheHandshake() {
    assertThatThrownBy(() -> Client.open(bmc.port(), 17, "admin", "not-the-password").close())
        .hasMessageContaining("Rakp1Waiting");
    assertThatThrownBy(() -> Client.open(bmc.port(), 3, "nobody", "s3cret-pw").close())
        .hasMessageContaining("Rakp1Waiting");
  }
}

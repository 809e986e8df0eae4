package io.bmp.protocols.ipmi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bmp.protocols.ipmi.client.ClientHandshake;
import io.bmp.protocols.ipmi.command.PrivilegeLevel;
import io.bmp.protocols.ipmi.command.chassis.BootDevice;
import io.bmp.protocols.ipmi.command.chassis.BootFlags;
import io.bmp.protocols.ipmi.command.sdr.FullSensorRecord;
import io.bmp.protocols.ipmi.command.sel.SelRecord;
import io.bmp.protocols.ipmi.message.IpmiRequest;
import io.bmp.protocols.ipmi.message.IpmiResponse;
import io.bmp.protocols.ipmi.security.AuthenticationAlgorithm;
import io.bmp.protocols.ipmi.security.CipherSuite;
import io.bmp.protocols.ipmi.security.ConfidentialityAlgorithm;
import io.bmp.protocols.ipmi.security.SessionKeys;
import io.bmp.protocols.ipmi.session.LanPacket;
import io.bmp.protocols.ipmi.session.SessionCrypto;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte vectors from the IPMI specification's layouts and from independent implementations (OpenSSL). */
class CodecVectorsTest {

  /**
   * The Get Channel Authentication Capabilities request every RMCP+ client sends first (IPMI 2.0
   * §13.8 layout; the same bytes ipmitool -I lanplus puts on the wire): RMCP header, IPMI 1.5
   * wrapper without a session, rsAddr 20h, netFn App, checksum C8h, rqAddr 81h, command 38h, channel
   * 8Eh (this channel, IPMI 2.0 data), Administrator, checksum B5h.
   */
  @Test
  void authenticationCapabilitiesRequestIsTheWellKnownPacket() {
    byte[] packet = new ClientHandshake(CipherSuite.SUITE_3, "admin", "x", PrivilegeLevel.ADMINISTRATOR, 0x0a0b0c0d,
        new Random(1)).capabilities();
    assertThat(Hex.of(packet)).isEqualTo("0600ff07" + "00" + "00000000" + "00000000" + "09" + "2018c881003 88e04b5".replace(" ", ""));
  }

  @Test
  void lanMessageChecksumsAreVerified() throws Exception {
    byte[] good = Hex.bytes("2018c881003 88e04b5".replace(" ", ""));
    IpmiRequest request = IpmiRequest.decode(good);
    assertThat(request.netFn()).isEqualTo(0x06);
    assertThat(request.command()).isEqualTo(0x38);
    assertThat(request.data()).containsExactly(0x8e, 0x04);
    byte[] bad = good.clone();
    bad[7] ^= 1;
    assertThatThrownBy(() -> IpmiRequest.decode(bad)).isInstanceOf(IpmiDecodeException.class).hasMessageContaining("checksum");
  }

  @Test
  void responseNetFnIsTheRequestsPlusOne() throws Exception {
    IpmiRequest request = IpmiRequest.toBmc(0x00, 0x01, 5, new byte[0]);
    IpmiResponse response = IpmiResponse.to(request, 0, new byte[] {1, 0, 0});
    IpmiResponse decoded = IpmiResponse.decode(response.encode());
    assertThat(decoded.netFn()).isEqualTo(0x01);
    assertThat(decoded.answers(request)).isTrue();
    assertThat(decoded.data()).containsExactly(1, 0, 0);
  }

  /** AES-CBC-128 with IPMI's pad (01h, 02h … then the pad length), checked against `openssl enc -aes-128-cbc -nopad`. */
  @Test
  void aesCbcMatchesOpenSsl() throws Exception {
    byte[] key = Hex.bytes("2b7e151628aed2a6abf7158809cf4f3c"); // NIST SP 800-38A's AES-128 key
    byte[] iv = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    byte[] sealed = ConfidentialityAlgorithm.AES_CBC_128.encrypt(key, iv, Hex.bytes("a1a2a3"));
    assertThat(Hex.of(sealed)).isEqualTo("000102030405060708090a0b0c0d0e0f" + "6c8df07e2654363aab30f9bd3d347fd8");
    assertThat(ConfidentialityAlgorithm.AES_CBC_128.decrypt(key, sealed)).containsExactly(0xa1, 0xa2, 0xa3);
    // 15 bytes take no pad bytes, only the pad length 00h: one block.
    byte[] fifteen = Hex.bytes("6bc1bee22e409f96e93d7e11739317");
    assertThat(Hex.of(ConfidentialityAlgorithm.AES_CBC_128.encrypt(key, iv, fifteen)))
        .endsWith("5ffa18ddb3bcd4025ceb7e1d31df9a4c").hasSize(64);
  }

  /** SIK, K1 and K2 (IPMI 2.0 §13.31, §13.32), checked against `openssl dgst -mac HMAC` over the same inputs. */
  @Test
  void sessionKeysMatchOpenSsl() {
    byte[] rm = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    byte[] rc = Hex.bytes("101112131415161718191a1b1c1d1e1f");
    byte[] kuid = SessionKeys.userKey("secret");
    assertThat(Hex.of(kuid)).isEqualTo("7365637265740000000000000000000000000000");
    SessionKeys sha1 = SessionKeys.derive(AuthenticationAlgorithm.RAKP_HMAC_SHA1, kuid, rm, rc, 0x04, "admin".getBytes());
    assertThat(Hex.of(sha1.sik())).isEqualTo("93322639f90f76f5d8171417c78755438a85c1c1");
    assertThat(Hex.of(sha1.k1())).isEqualTo("abb67bcc893209379a6105da956eb488b2807ded");
    assertThat(Hex.of(sha1.k2())).isEqualTo("9795188b4d8a99996bbd93fbe684514527cf25da");
    SessionKeys sha256 = SessionKeys.derive(AuthenticationAlgorithm.RAKP_HMAC_SHA256, kuid, rm, rc, 0x04, "admin".getBytes());
    assertThat(Hex.of(sha256.sik())).isEqualTo("1d709bbd160b55ea05897ad49e0dfdb7b1e1b1f43e64607d98c34efc347f1297");
    assertThat(Hex.of(sha256.k1())).isEqualTo("d59f70fb3c91ee5b54803263727ecf3ddbe8a88be8f4c08e3a09bf9eb3c5a418");
    assertThat(Hex.of(sha256.k2())).isEqualTo("0d6f80f369f0eb5c7114a0c34f9f0898350f2c538d67fb174aee33bb945f5c72");
  }

  /** The session trailer: FFh pad to a four-byte boundary, pad length, next header 07h, a 12-byte AuthCode for SHA1-96. */
  @Test
  void authenticatedPacketLayout() throws Exception {
    SessionKeys keys = new SessionKeys(new byte[20], new byte[20], new byte[20]);
    SessionCrypto crypto = new SessionCrypto(CipherSuite.SUITE_3.integrity(), keys.k1(), ConfidentialityAlgorithm.NONE,
        keys.k2(), new Random(0));
    byte[] packet = LanPacket.encode20(0x00, 0x11223344, 7, Hex.bytes("20 18 c8 81 04 01 7a"), crypto);
    // 12 session header + 7 payload = 19 bytes from AuthType; with pad length and next header that is 21,
    // so three FFh pad bytes bring it to 24.
    assertThat(Hex.of(packet)).startsWith("0600ff07" + "06" + "40" + "44332211" + "07000000" + "0700" + "2018c88104017a"
        + "ffffff" + "03" + "07");
    assertThat(packet).hasSize(4 + 12 + 7 + 3 + 2 + 12);
    LanPacket decoded = LanPacket.decode(packet);
    assertThat(decoded.open(crypto)).containsExactly(Hex.bytes("2018c88104017a"));
    packet[20] ^= 0x01;
    assertThatThrownBy(() -> LanPacket.decode(packet).open(crypto)).hasMessageContaining("integrity");
  }

  @Test
  void bootFlagsAsIpmitoolWritesThem() throws Exception {
    // ipmitool "chassis bootdev pxe" writes data 80h 04h 00h 00h 00h; "options=persistent,efiboot" sets bits 6 and 5.
    assertThat(new BootFlags(true, false, false, BootDevice.PXE).encode()).containsExactly(0x80, 0x04, 0, 0, 0);
    assertThat(BootFlags.decode(Hex.bytes("e008000000"))).isEqualTo(new BootFlags(true, true, true, BootDevice.DISK));
  }

  @Test
  void selAndSdrRecordsRoundTrip() throws Exception {
    SelRecord sel = new SelRecord(0x0102, SelRecord.SYSTEM_EVENT, 1_700_000_000L, 0x0020, 0x01, 0x30, 0x01, 0x59, 0x5a, 0x50);
    assertThat(sel.encode()).hasSize(SelRecord.LENGTH);
    assertThat(SelRecord.decode(sel.encode())).isEqualTo(sel);
    FullSensorRecord sdr = new FullSensorRecord(3, 0x30, 0x03, 0x01, 1, 1, 0, 0, 0, 90, 5, "CPU Temp");
    byte[] bytes = sdr.encode();
    assertThat(bytes[4] & 0xFF).isEqualTo(43 + "CPU Temp".length()); // record length after the 5-byte header
    assertThat(FullSensorRecord.decode(bytes)).isEqualTo(sdr);
    FullSensorRecord volts = new FullSensorRecord(4, 0x31, 0x07, 0x02, 4, 5, -3, 0, -2, 200, 100, "12V");
    assertThat(FullSensorRecord.decode(volts.encode())).isEqualTo(volts);
    assertThat(volts.value(240)).isCloseTo(11.97, org.assertj.core.data.Offset.offset(1e-9)); // (5·240 − 3)·10⁻²
  }
}

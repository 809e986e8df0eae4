package io.bmp.protocols.dhcp;

/** Option codes used here (RFC 2132 unless noted). */
public final class Options {
  public static final int PAD = 0;
  public static final int SUBNET_MASK = 1;
  public static final int ROUTER = 3;
  public static final int DNS_SERVERS = 6;
  public static final int HOSTNAME = 12;
  public static final int DOMAIN_NAME = 15;
  public static final int VENDOR_SPECIFIC = 43;
  public static final int REQUESTED_ADDRESS = 50;
  public static final int LEASE_TIME = 51;
  public static final int OVERLOAD = 52;
  public static final int MESSAGE_TYPE = 53;
  public static final int SERVER_ID = 54;
  public static final int PARAMETER_REQUEST_LIST = 55;
  public static final int MESSAGE = 56;
  public static final int MAX_MESSAGE_SIZE = 57;
  public static final int RENEWAL_TIME = 58;
  public static final int REBINDING_TIME = 59;
  public static final int VENDOR_CLASS = 60;
  public static final int CLIENT_ID = 61;
  public static final int TFTP_SERVER_NAME = 66;
  public static final int BOOTFILE_NAME = 67;
  /** RFC 3004. */
  public static final int USER_CLASS = 77;
  /** RFC 4578: client system architecture. */
  public static final int CLIENT_ARCH = 93;
  /** RFC 4578: client network interface identifier. */
  public static final int CLIENT_NDI = 94;
  /** RFC 4578: client machine identifier (UUID/GUID). */
  public static final int CLIENT_UUID = 97;
  /** RFC 3046: relay agent information, echoed back unchanged. */
  public static final int RELAY_AGENT_INFO = 82;
  /** RFC 3527: option 82's link-selection sub-option, the client's network when giaddr is not on it. */
  public static final int RELAY_LINK_SELECTION = 5;
  /** RFC 3011: the subnet selection option, likewise. */
  public static final int SUBNET_SELECTION = 118;
  /** iPXE's encapsulated options: present only when iPXE is the client. */
  public static final int IPXE_ENCAPSULATED = 175;
  public static final int END = 255;

  private Options() {}
}

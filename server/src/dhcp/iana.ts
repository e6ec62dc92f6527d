/**
 * DHCP and PXE numbers, all in one place: RFC 2131 (message format, flags, ports), RFC 2132 (options),
 * RFC 4578 (PXE client options), the PXE 2.1 specification (option 43 sub-options) and the IANA
 * registries "BOOTP Vendor Extensions and DHCP Options" and "Processor Architecture Types".
 */

/** RFC 2131 §2, `op`: which way the message goes. */
export const BootOp = {
  REQUEST: 1,
  REPLY: 2,
} as const;

/** RFC 2131 §2, `htype`: IANA "Hardware Types" (the ARP registry). */
export const HardwareType = {
  ETHERNET: 1,
} as const;

/** RFC 2132 §9.6, option 53. */
export const MessageType = {
  DISCOVER: 1,
  OFFER: 2,
  REQUEST: 3,
  DECLINE: 4,
  ACK: 5,
  NAK: 6,
  RELEASE: 7,
  INFORM: 8,
} as const;
export type MessageTypeNumber = (typeof MessageType)[keyof typeof MessageType];

/** The option codes thinboot reads or writes. Any other code still round-trips as raw bytes. */
export const OptionCode = {
  /** RFC 2132 §3.1: one byte of padding, no length. */
  PAD: 0,
  /** RFC 2132 §3.3. */
  SUBNET_MASK: 1,
  /** RFC 2132 §3.5. */
  ROUTER: 3,
  /** RFC 2132 §3.8. */
  DNS_SERVERS: 6,
  /** RFC 2132 §3.14. */
  HOSTNAME: 12,
  /** RFC 2132 §3.17. */
  DOMAIN_NAME: 15,
  /** RFC 2132 §5.3. */
  BROADCAST_ADDRESS: 28,
  /** RFC 2132 §8.3. */
  NTP_SERVERS: 42,
  /** RFC 2132 §8.4; for a `PXEClient` these are the PXE sub-options (`PxeVendorOption`). */
  VENDOR_SPECIFIC: 43,
  /** RFC 2132 §9.1. */
  REQUESTED_ADDRESS: 50,
  /** RFC 2132 §9.2. */
  LEASE_TIME: 51,
  /** RFC 2132 §9.3: more options in `file` and/or `sname` (`Overload`). */
  OVERLOAD: 52,
  /** RFC 2132 §9.6 (`MessageType`). */
  MESSAGE_TYPE: 53,
  /** RFC 2132 §9.7. */
  SERVER_ID: 54,
  /** RFC 2132 §9.8. */
  PARAMETER_LIST: 55,
  /** RFC 2132 §9.9: text explaining a NAK. */
  MESSAGE: 56,
  /** RFC 2132 §9.10. */
  MAX_MESSAGE_SIZE: 57,
  /** RFC 2132 §9.11 (T1). */
  RENEWAL_TIME: 58,
  /** RFC 2132 §9.12 (T2). */
  REBINDING_TIME: 59,
  /** RFC 2132 §9.13; PXE clients send `PXEClient:Arch:xxxxx:UNDI:yyyzzz`. */
  VENDOR_CLASS: 60,
  /** RFC 2132 §9.14. */
  CLIENT_ID: 61,
  /** RFC 2132 §9.4. */
  TFTP_SERVER_NAME: 66,
  /** RFC 2132 §9.5. */
  BOOTFILE_NAME: 67,
  /** RFC 3004 §4 (and iPXE's plain `iPXE`). */
  USER_CLASS: 77,
  /** RFC 3046 §2.0, sub-options `RelayAgentSubOption`. */
  RELAY_AGENT_INFO: 82,
  /** RFC 4578 §2.1, values `ClientArch`. */
  CLIENT_ARCH: 93,
  /** RFC 4578 §2.2. */
  CLIENT_NDI: 94,
  /** RFC 4578 §2.3. */
  CLIENT_MACHINE_ID: 97,
  /** iPXE's encapsulated options (IANA lists 175 as "Etherboot", tentatively assigned), `IpxeOption`. */
  IPXE_ENCAP: 175,
  /** RFC 2132 §3.2: the end of the options, no length. */
  END: 255,
} as const;

/** RFC 2132 §9.3, the value of option 52: which of the fixed fields also carry options. */
export const Overload = {
  FILE: 1,
  SNAME: 2,
  BOTH: 3,
} as const;

/** RFC 2131 §2, figure 2: the leftmost bit of `flags` asks for a broadcast reply. */
export const BROADCAST_FLAG = 0x8000;

/** RFC 2131 §4.1 (67, 68); the PXE 2.1 specification (4011: a PXE client sends its boot server REQUEST there). */
export const DhcpPort = {
  SERVER: 67,
  CLIENT: 68,
  PXE: 4011,
} as const;

/** RFC 2131 §3: the first four bytes of the options field, 99.130.83.99. */
export const MAGIC_COOKIE = Uint8Array.of(99, 130, 83, 99);

/** RFC 2132 §9.10: every client accepts a 576-byte message; option 57 may raise it. */
export const MIN_MAX_MESSAGE_SIZE = 576;

/** The PXE 2.1 specification, "PXE vendor options": sub-options inside option 43 when option 60 is `PXEClient`. */
export const PxeVendorOption = {
  PAD: 0,
  DISCOVERY_CONTROL: 6,
  BOOT_SERVERS: 8,
  BOOT_MENU: 9,
  MENU_PROMPT: 10,
  BOOT_ITEM: 71,
  END: 255,
} as const;

/** The PXE 2.1 specification: bits of `PXE_DISCOVERY_CONTROL` (sub-option 6). */
export const PxeDiscoveryControl = {
  DISABLE_BROADCAST: 0x01,
  DISABLE_MULTICAST: 0x02,
  ONLY_LISTED_SERVERS: 0x04,
  /** Skip boot server discovery and download the boot file named in this reply. */
  USE_BOOTFILE: 0x08,
} as const;

/**
 * RFC 4578 §2.1 and the IANA "Processor Architecture Types" registry, option 93 (and the `Arch:`
 * field of option 60). RFC 4578 calls 7 "EFI BC"; in practice every x86-64 UEFI sends 7 or 9.
 */
export const ClientArch = {
  BIOS_X86: 0,
  EFI_IA32: 6,
  EFI_BC: 7,
  EFI_X86_64: 9,
  EFI_ARM32: 10,
  EFI_ARM64: 11,
  EFI_X86_HTTP: 15,
  EFI_X86_64_HTTP: 16,
  EFI_ARM32_HTTP: 18,
  EFI_ARM64_HTTP: 19,
} as const;

/** RFC 3046 §2.1: sub-options of option 82. */
export const RelayAgentSubOption = {
  CIRCUIT_ID: 1,
  REMOTE_ID: 2,
} as const;

/**
 * Sub-options of iPXE's option 175 (iPXE `include/ipxe/dhcp.h` and `features.h`). Feature flags
 * (0x10..0x7f) are one byte each, the feature's version.
 */
export const IpxeOption = {
  PRIORITY: 0x01,
  FEATURE_PXE_EXT: 0x10,
  FEATURE_ISCSI: 0x11,
  FEATURE_AOE: 0x12,
  FEATURE_HTTP: 0x13,
  FEATURE_HTTPS: 0x14,
  FEATURE_TFTP: 0x15,
  FEATURE_FTP: 0x16,
  FEATURE_DNS: 0x17,
  FEATURE_BZIMAGE: 0x18,
  FEATURE_MULTIBOOT: 0x19,
  FEATURE_SLAM: 0x1a,
  FEATURE_SRP: 0x1b,
  FEATURE_NBI: 0x20,
  FEATURE_PXE: 0x21,
  FEATURE_ELF: 0x22,
  FEATURE_COMBOOT: 0x23,
  FEATURE_EFI: 0x24,
  FEATURE_FCOE: 0x25,
  FEATURE_VLAN: 0x26,
  FEATURE_MENU: 0x27,
} as const;

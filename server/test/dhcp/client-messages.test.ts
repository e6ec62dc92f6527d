/**
 * The messages a PXE boot server meets, hand-assembled byte by byte from shared/FACTS.md: each row is
 * decoded, encoded and compared both ways, and `describeClient` is checked. Option order in these
 * rows is the encoder's (53 first, then ascending), so the encoded bytes must equal them exactly;
 * real clients' own order is covered by the captured fixtures (udhcpc-fixture.test.ts).
 */
import t, { type Test } from 'tap';
import { describeClient, type ClientDescription } from '../../src/dhcp/describe-client.js';
import { ClientArch, MessageType, PxeDiscoveryControl } from '../../src/dhcp/iana.js';
import { getRelayAgentInfo } from '../../src/dhcp/options/relay.js';
import { getPxeVendorOptions } from '../../src/dhcp/options/pxe.js';
import { getUserClass } from '../../src/dhcp/options/identity.js';
import { decodeDhcp, encodeDhcp, type DhcpMessage } from '../../src/dhcp/packet.js';
import { hex, txt, z } from './fixtures/wire-hex.js';

const opts = (entries: [number, string][]): Map<number, Uint8Array> => new Map(entries.map(([code, h]) => [code, hex(h)]));
const COOKIE = '63 82 53 63';

interface Row {
  name: string;
  bytes: Uint8Array;
  message: DhcpMessage;
  client: ClientDescription;
  /** Extra checks through the typed option readers. */
  check?: (t: Test, msg: DhcpMessage) => void;
}

const rows: Row[] = [
  {
    name: 'DISCOVER from iPXE, x86 BIOS',
    bytes: hex(`
      01 01 06 00                       # BOOTREQUEST, Ethernet, hlen 6, hops 0
      2f 4a 8c 01                       # xid
      00 00 00 00                       # secs 0, flags 0: broadcast bit off
      00000000 00000000 00000000 00000000 # ciaddr yiaddr siaddr giaddr
      52 54 00 12 34 56 ${z(10)}        # chaddr
      ${z(64)} ${z(128)}                # sname, file
      ${COOKIE}
      35 01 01                          # 53 DISCOVER
      37 17 01 03 06 07 0c 0f 11 1a 2b 3c 42 43 77 80 81 82 83 84 85 86 87 af cb # 55
      39 02 05 c0                       # 57 max message size 1472
      3c 20 ${txt('PXEClient:Arch:00000:UNDI:002001')}
      3d 07 01 52 54 00 12 34 56        # 61 client id: type 1, MAC
      4d 04 ${txt('iPXE')}              # 77 user class, plain form
      5d 02 00 00                       # 93 arch 0, BIOS
      5e 03 01 02 01                    # 94 NDI: UNDI 2.1
      61 11 00 ${z(16)}                 # 97 machine id: type 0, nil GUID (QEMU without -uuid)
      af 18 13 01 01 15 01 01 17 01 01 18 01 01 19 01 01 21 01 01 22 01 01 27 01 01 # 175 features
      ff
    `),
    message: {
      op: 1,
      htype: 1,
      hops: 0,
      xid: 0x2f4a8c01,
      secs: 0,
      flags: 0,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '0.0.0.0',
      giaddr: '0.0.0.0',
      chaddr: '52:54:00:12:34:56',
      sname: '',
      file: '',
      options: opts([
        [53, '01'],
        [55, '01 03 06 07 0c 0f 11 1a 2b 3c 42 43 77 80 81 82 83 84 85 86 87 af cb'],
        [57, '05 c0'],
        [60, txt('PXEClient:Arch:00000:UNDI:002001')],
        [61, '01 52 54 00 12 34 56'],
        [77, txt('iPXE')],
        [93, '00 00'],
        [94, '01 02 01'],
        [97, `00 ${z(16)}`],
        [175, '13 01 01 15 01 01 17 01 01 18 01 01 19 01 01 21 01 01 22 01 01 27 01 01'],
      ]),
    },
    client: {
      mac: '52:54:00:12:34:56',
      xid: 0x2f4a8c01,
      messageType: MessageType.DISCOVER,
      isPxe: true,
      arch: ClientArch.BIOS_X86,
      isIpxe: true,
      uuid: undefined,
      relayed: false,
      malformed: [],
    },
    check: (t, msg) => t.strictSame(getUserClass(msg.options), { form: 'plain', text: 'iPXE' }, '77 read in its plain form'),
  },
  {
    name: 'DISCOVER from edk2, arm64 UEFI',
    bytes: hex(`
      01 01 06 00
      7e 1d 0a 33
      00 00 80 00                       # flags: broadcast bit on
      00000000 00000000 00000000 00000000
      52 54 00 ab cd ef ${z(10)}
      ${z(64)} ${z(128)}
      ${COOKIE}
      35 01 01
      37 23 01 02 03 04 05 06 0c 0d 0f 11 12 16 17 1c 28 29 2a 2b 32 33 36 3a 3b 3c 42 43 61 80 81 82 83 84 85 86 87
      39 02 05 c0
      3c 20 ${txt('PXEClient:Arch:00011:UNDI:003000')}
      5d 02 00 0b                       # 93 arch 11, ARM64 UEFI; no 61
      5e 03 01 03 00                    # 94 NDI: UNDI 3.0
      61 11 00 44 45 4c 4c 42 00 10 36 80 52 b4 c0 4f 4e 30 32 # 97: EFI byte order
      ff
    `),
    message: {
      op: 1,
      htype: 1,
      hops: 0,
      xid: 0x7e1d0a33,
      secs: 0,
      flags: 0x8000,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '0.0.0.0',
      giaddr: '0.0.0.0',
      chaddr: '52:54:00:ab:cd:ef',
      sname: '',
      file: '',
      options: opts([
        [53, '01'],
        [55, '01 02 03 04 05 06 0c 0d 0f 11 12 16 17 1c 28 29 2a 2b 32 33 36 3a 3b 3c 42 43 61 80 81 82 83 84 85 86 87'],
        [57, '05 c0'],
        [60, txt('PXEClient:Arch:00011:UNDI:003000')],
        [93, '00 0b'],
        [94, '01 03 00'],
        [97, '00 44 45 4c 4c 42 00 10 36 80 52 b4 c0 4f 4e 30 32'],
      ]),
    },
    client: {
      mac: '52:54:00:ab:cd:ef',
      xid: 0x7e1d0a33,
      messageType: MessageType.DISCOVER,
      isPxe: true,
      arch: ClientArch.EFI_ARM64,
      isIpxe: false,
      uuid: '4c4c4544-0042-3610-8052-b4c04f4e3032',
      relayed: false,
      malformed: [],
    },
  },
  {
    name: 'DISCOVER from busybox udhcpc',
    bytes: hex(`
      01 01 06 00
      1a 2b 3c 4d
      00 00 00 00
      00000000 00000000 00000000 00000000
      02 00 5e 10 00 02 ${z(10)}
      ${z(64)} ${z(128)}
      ${COOKIE}
      35 01 01
      37 07 01 03 06 0c 0f 1c 2a        # 55: mask, router, dns, hostname, domain, broadcast, ntp
      39 02 02 40                       # 57: 576
      3c 0c ${txt('udhcp 1.35.0')}
      3d 07 01 02 00 5e 10 00 02
      ff ${z(20)}                       # padded to 300 bytes
    `),
    message: {
      op: 1,
      htype: 1,
      hops: 0,
      xid: 0x1a2b3c4d,
      secs: 0,
      flags: 0,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '0.0.0.0',
      giaddr: '0.0.0.0',
      chaddr: '02:00:5e:10:00:02',
      sname: '',
      file: '',
      options: opts([
        [53, '01'],
        [55, '01 03 06 0c 0f 1c 2a'],
        [57, '02 40'],
        [60, txt('udhcp 1.35.0')],
        [61, '01 02 00 5e 10 00 02'],
      ]),
    },
    client: {
      mac: '02:00:5e:10:00:02',
      xid: 0x1a2b3c4d,
      messageType: MessageType.DISCOVER,
      isPxe: false,
      arch: undefined,
      isIpxe: false,
      uuid: undefined,
      relayed: false,
      malformed: [],
    },
  },
  {
    name: 'OFFER with siaddr and file',
    bytes: hex(`
      02 01 06 00                       # BOOTREPLY
      2f 4a 8c 01
      00 00 00 00
      00000000                          # ciaddr
      c0 a8 01 64                       # yiaddr 192.168.1.100
      c0 a8 01 01                       # siaddr 192.168.1.1, the TFTP server
      00000000                          # giaddr
      52 54 00 12 34 56 ${z(10)}
      ${z(64)}
      ${txt('undionly.kpxe')} ${z(128 - 13)}
      ${COOKIE}
      35 01 02                          # 53 OFFER
      01 04 ff ff ff 00                 # 1 subnet mask
      03 04 c0 a8 01 01                 # 3 router
      06 04 c0 a8 01 01                 # 6 DNS
      33 04 00 00 0e 10                 # 51 lease 3600 s
      36 04 c0 a8 01 01                 # 54 server id
      ff ${z(26)}
    `),
    message: {
      op: 2,
      htype: 1,
      hops: 0,
      xid: 0x2f4a8c01,
      secs: 0,
      flags: 0,
      ciaddr: '0.0.0.0',
      yiaddr: '192.168.1.100',
      siaddr: '192.168.1.1',
      giaddr: '0.0.0.0',
      chaddr: '52:54:00:12:34:56',
      sname: '',
      file: 'undionly.kpxe',
      options: opts([
        [53, '02'],
        [1, 'ff ff ff 00'],
        [3, 'c0 a8 01 01'],
        [6, 'c0 a8 01 01'],
        [51, '00 00 0e 10'],
        [54, 'c0 a8 01 01'],
      ]),
    },
    client: {
      mac: '52:54:00:12:34:56',
      xid: 0x2f4a8c01,
      messageType: MessageType.OFFER,
      isPxe: false,
      arch: undefined,
      isIpxe: false,
      uuid: undefined,
      relayed: false,
      malformed: [],
    },
  },
  {
    name: 'ProxyDHCP OFFER: no yiaddr, 60 PXEClient, 43 discovery control',
    bytes: hex(`
      02 01 06 00
      7e 1d 0a 33
      00 00 80 00
      00000000 00000000                 # ciaddr, yiaddr: a proxy offers no address
      c0 a8 01 0a                       # siaddr 192.168.1.10, the boot server
      00000000
      52 54 00 ab cd ef ${z(10)}
      ${z(64)}
      ${txt('grubaa64.efi')} ${z(128 - 12)}
      ${COOKIE}
      35 01 02
      2b 04 06 01 08 ff                 # 43: PXE_DISCOVERY_CONTROL = 8 (use the boot file), end
      36 04 c0 a8 01 0a
      3c 09 ${txt('PXEClient')}         # 60: stops iPXE waiting ~3 s for more proxy offers
      61 11 00 44 45 4c 4c 42 00 10 36 80 52 b4 c0 4f 4e 30 32 # 97 echoed
      ff ${z(14)}
    `),
    message: {
      op: 2,
      htype: 1,
      hops: 0,
      xid: 0x7e1d0a33,
      secs: 0,
      flags: 0x8000,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '192.168.1.10',
      giaddr: '0.0.0.0',
      chaddr: '52:54:00:ab:cd:ef',
      sname: '',
      file: 'grubaa64.efi',
      options: opts([
        [53, '02'],
        [43, '06 01 08 ff'],
        [54, 'c0 a8 01 0a'],
        [60, txt('PXEClient')],
        [97, '00 44 45 4c 4c 42 00 10 36 80 52 b4 c0 4f 4e 30 32'],
      ]),
    },
    client: {
      mac: '52:54:00:ab:cd:ef',
      xid: 0x7e1d0a33,
      messageType: MessageType.OFFER,
      isPxe: true,
      arch: undefined,
      isIpxe: false,
      uuid: '4c4c4544-0042-3610-8052-b4c04f4e3032',
      relayed: false,
      malformed: [],
    },
    check: (t, msg) =>
      t.strictSame(getPxeVendorOptions(msg.options), { discoveryControl: PxeDiscoveryControl.USE_BOOTFILE, other: new Map() }, '43 typed'),
  },
  {
    name: 'REQUEST through a relay: giaddr and option 82',
    bytes: hex(`
      01 01 06 01                       # hops 1: one relay
      5e e1 a7 c0
      00 03 00 00                       # secs 3
      00000000 00000000 00000000
      0a 00 05 01                       # giaddr 10.0.5.1
      52 54 00 c0 ff ee ${z(10)}
      ${z(64)} ${z(128)}
      ${COOKIE}
      35 01 03                          # 53 REQUEST
      32 04 0a 00 05 17                 # 50 requested address 10.0.5.23
      36 04 0a 00 00 02                 # 54 server id 10.0.0.2
      3d 07 01 52 54 00 c0 ff ee
      52 12 01 08 ${txt('ge-0/0/1')} 02 06 00 1a 2b 3c 4d 5e # 82: circuit id, remote id
      ff ${z(15)}
    `),
    message: {
      op: 1,
      htype: 1,
      hops: 1,
      xid: 0x5ee1a7c0,
      secs: 3,
      flags: 0,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '0.0.0.0',
      giaddr: '10.0.5.1',
      chaddr: '52:54:00:c0:ff:ee',
      sname: '',
      file: '',
      options: opts([
        [53, '03'],
        [50, '0a 00 05 17'],
        [54, '0a 00 00 02'],
        [61, '01 52 54 00 c0 ff ee'],
        [82, `01 08 ${txt('ge-0/0/1')} 02 06 00 1a 2b 3c 4d 5e`],
      ]),
    },
    client: {
      mac: '52:54:00:c0:ff:ee',
      xid: 0x5ee1a7c0,
      messageType: MessageType.REQUEST,
      isPxe: false,
      arch: undefined,
      isIpxe: false,
      uuid: undefined,
      relayed: true,
      malformed: [],
    },
    check: (t, msg) =>
      t.strictSame(getRelayAgentInfo(msg.options), opts([[1, txt('ge-0/0/1')], [2, '00 1a 2b 3c 4d 5e']]), '82 sub-options'),
  },
];

for (const row of rows) {
  t.test(row.name, async (t) => {
    const decoded = decodeDhcp(row.bytes);
    t.strictSame(decoded, row.message, 'decodes');
    t.strictSame(encodeDhcp(row.message), row.bytes, 'encodes to the same bytes');
    t.strictSame(decodeDhcp(encodeDhcp(row.message)), row.message, 'round trips');
    t.strictSame(describeClient(decoded), row.client, 'describeClient');
    row.check?.(t, decoded);
  });
}

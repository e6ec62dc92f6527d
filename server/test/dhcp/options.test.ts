/**
 * The option families (src/dhcp/options/*.ts), one section each: typed getters read exact bytes,
 * setters write exact bytes, absent options read as undefined, and malformed ones are refused with
 * DHCP_BAD_OPTION_VALUE naming the option. One file rather than nine: each tap file costs a process.
 */
import t from 'tap';
import {
  ClientArch,
  IpxeOption,
  MessageType,
  OptionCode,
  PxeDiscoveryControl,
  RelayAgentSubOption,
} from '../../src/dhcp/iana.js';
import { getAddress, getAddressList, setAddress, setAddressList } from '../../src/dhcp/options/addresses.js';
import { getBootfileName, getTftpServerName, setBootfileName, setTftpServerName } from '../../src/dhcp/options/boot.js';
import {
  formatGuid,
  getClientId,
  getClientMachineId,
  getClientNdi,
  getHostname,
  getUserClass,
  getVendorClass,
  isIpxeUserClass,
  parseGuid,
  setClientId,
  setClientMachineId,
  setClientNdi,
  setHostname,
  setUserClass,
  setVendorClass,
} from '../../src/dhcp/options/identity.js';
import { getIpxeOptions, ipxeHasFeature, setIpxeOptions } from '../../src/dhcp/options/ipxe.js';
import {
  getLeaseTime,
  getRebindingTime,
  getRenewalTime,
  INFINITE_LEASE,
  setLeaseTime,
  setRebindingTime,
  setRenewalTime,
} from '../../src/dhcp/options/lease.js';
import {
  getMaxMessageSize,
  getMessageText,
  getMessageType,
  setMaxMessageSize,
  setMessageText,
  setMessageType,
} from '../../src/dhcp/options/message.js';
import { getParameterList, requestsOption, setParameterList } from '../../src/dhcp/options/parameter-list.js';
import {
  getClientArchitectures,
  getPxeVendorOptions,
  type PxeVendorOptions,
  setClientArchitectures,
  setPxeVendorOptions,
  vendorClassArchitecture,
} from '../../src/dhcp/options/pxe.js';
import { echoRelayAgentInfo, getRelayAgentInfo, setRelayAgentInfo } from '../../src/dhcp/options/relay.js';
import { hex, txt, z } from './fixtures/wire-hex.js';

// ---- options/addresses.ts ----

t.test('addresses.ts: single addresses: 1, 28, 50, 54', async (t) => {
  for (const code of [OptionCode.SUBNET_MASK, OptionCode.BROADCAST_ADDRESS, OptionCode.REQUESTED_ADDRESS, OptionCode.SERVER_ID] as const) {
    const options = new Map<number, Uint8Array>();
    t.equal(getAddress(options, code), undefined, `${code} absent`);
    setAddress(options, code, '192.168.1.254');
    t.strictSame(options.get(code), hex('c0 a8 01 fe'), `${code} written`);
    t.equal(getAddress(options, code), '192.168.1.254', `${code} read`);
  }
});

t.test('addresses.ts: address lists: 3, 6, 42', async (t) => {
  const options = new Map<number, Uint8Array>();
  setAddressList(options, OptionCode.DNS_SERVERS, ['10.0.0.1', '10.0.0.2']);
  t.strictSame(options.get(6), hex('0a000001 0a000002'));
  t.strictSame(getAddressList(options, OptionCode.DNS_SERVERS), ['10.0.0.1', '10.0.0.2']);
  t.equal(getAddressList(options, OptionCode.ROUTER), undefined, 'absent');
  options.set(OptionCode.NTP_SERVERS, hex('7f000001'));
  t.strictSame(getAddressList(options, OptionCode.NTP_SERVERS), ['127.0.0.1'], 'a list of one');
});

t.test('addresses.ts: malformed values and bad input', async (t) => {
  const options = new Map([[1, hex('ffffff')], [3, hex('0a0000010a')], [6, new Uint8Array(0)]]);
  t.throws(() => getAddress(options, 1), { code: 'DHCP_BAD_OPTION_VALUE', option: 1 }, '3-byte mask');
  t.throws(() => getAddressList(options, 3), { code: 'DHCP_BAD_OPTION_VALUE', option: 3 }, '5-byte list');
  t.throws(() => getAddressList(options, 6), { code: 'DHCP_BAD_OPTION_VALUE', option: 6 }, 'empty list');
  t.throws(() => setAddress(options, 54, 'dhcp.lan'), { code: 'DHCP_BAD_ADDRESS' });
  t.throws(() => setAddressList(options, 3, []), { code: 'DHCP_BAD_OPTION_VALUE', option: 3 });
});

// ---- options/lease.ts ----

t.test('lease.ts: 51, 58, 59: 32-bit seconds, network order', async (t) => {
  const options = new Map<number, Uint8Array>();
  t.equal(getLeaseTime(options), undefined, 'absent');
  setLeaseTime(options, 3600);
  setRenewalTime(options, 1800);
  setRebindingTime(options, 3150);
  t.strictSame(options, new Map([[51, hex('00000e10')], [58, hex('00000708')], [59, hex('00000c4e')]]));
  t.equal(getLeaseTime(options), 3600);
  t.equal(getRenewalTime(options), 1800);
  t.equal(getRebindingTime(options), 3150);
  setLeaseTime(options, INFINITE_LEASE);
  t.strictSame(options.get(51), hex('ffffffff'), 'infinite');
  t.equal(getLeaseTime(options), 0xffffffff, 'read back unsigned');
});

t.test('lease.ts: malformed values and bad input', async (t) => {
  t.throws(() => getLeaseTime(new Map([[51, hex('000e10')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 51 });
  t.throws(() => getRenewalTime(new Map([[58, hex('0000000e10')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 58 });
  t.throws(() => setLeaseTime(new Map(), -1), { code: 'DHCP_BAD_OPTION_VALUE', option: 51 });
  t.throws(() => setRebindingTime(new Map(), 2 ** 32), { code: 'DHCP_BAD_OPTION_VALUE', option: 59 });
  t.throws(() => setRenewalTime(new Map(), 1.5), { code: 'DHCP_BAD_OPTION_VALUE', option: 58 });
});

// ---- options/message.ts ----

t.test('message.ts: 53 message type, 56 message, 57 maximum size', async (t) => {
  const options = new Map<number, Uint8Array>();
  t.equal(getMessageType(options), undefined, 'absent: a BOOTP message');
  setMessageType(options, MessageType.NAK);
  setMessageText(options, 'address not on this network');
  setMaxMessageSize(options, 1472);
  t.strictSame(options, new Map([[53, hex('06')], [56, hex(txt('address not on this network'))], [57, hex('05c0')]]));
  t.equal(getMessageType(options), MessageType.NAK);
  t.equal(getMessageText(options), 'address not on this network');
  t.equal(getMaxMessageSize(options), 1472);
  t.equal(getMessageType(new Map([[53, hex('0a')]])), 10, 'types past 8 (LEASEQUERY) are returned as numbers');
});

t.test('message.ts: malformed values and bad input', async (t) => {
  t.throws(() => getMessageType(new Map([[53, hex('0101')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 53 }, 'two bytes');
  t.throws(() => getMessageType(new Map([[53, hex('00')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 53 }, 'type 0');
  t.throws(() => getMaxMessageSize(new Map([[57, hex('023f')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 57 }, '575 < 576');
  t.equal(getMaxMessageSize(new Map([[57, hex('0240')]])), 576, '576 is legal');
  t.throws(() => setMaxMessageSize(new Map(), 500), { code: 'DHCP_BAD_OPTION_VALUE', option: 57 });
  t.throws(() => setMessageType(new Map(), 0), { code: 'DHCP_BAD_OPTION_VALUE', option: 53 });
  t.throws(() => setMessageType(new Map(), 256), { code: 'DHCP_BAD_OPTION_VALUE', option: 53 });
});

// ---- options/boot.ts ----

t.test('boot.ts: 66 TFTP server name, 67 bootfile name', async (t) => {
  const options = new Map<number, Uint8Array>();
  t.equal(getBootfileName(options), undefined, 'absent');
  setTftpServerName(options, '192.168.1.10');
  setBootfileName(options, 'grub/grubaa64.efi');
  t.strictSame(options, new Map([[66, hex(txt('192.168.1.10'))], [67, hex(txt('grub/grubaa64.efi'))]]));
  t.equal(getTftpServerName(options), '192.168.1.10');
  t.equal(getBootfileName(options), 'grub/grubaa64.efi');
});

t.test('boot.ts: RFC 2132 §2: trailing NULs are dropped on reading', async (t) => {
  t.equal(getBootfileName(new Map([[67, hex(`${txt('pxelinux.0')} 00 00`)]])), 'pxelinux.0');
});

t.test('boot.ts: malformed values and bad input', async (t) => {
  t.throws(() => getBootfileName(new Map([[67, new Uint8Array(0)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 67 }, 'empty');
  t.throws(() => getTftpServerName(new Map([[66, hex('00')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 66 }, 'only a NUL');
  t.throws(() => setBootfileName(new Map(), ''), { code: 'DHCP_BAD_OPTION_VALUE', option: 67 }, 'empty name');
  t.throws(() => setBootfileName(new Map(), 'a\0b'), { code: 'DHCP_BAD_OPTION_VALUE', option: 67 }, 'NUL inside');
  t.throws(() => setBootfileName(new Map(), 'böot\u20ac'), { code: 'DHCP_BAD_OPTION_VALUE', option: 67 }, 'a character above U+00FF');
});

// ---- options/parameter-list.ts ----

t.test('parameter-list.ts: 55 parameter request list', async (t) => {
  const options = new Map<number, Uint8Array>();
  t.equal(getParameterList(options), undefined, 'absent');
  t.equal(requestsOption(options, 1), false, 'no list requests nothing');
  setParameterList(options, [1, 3, 6, 12, 15, 28, 42]);
  t.strictSame(options.get(55), hex('01 03 06 0c 0f 1c 2a'), 'busybox udhcpc list');
  t.strictSame(getParameterList(options), [1, 3, 6, 12, 15, 28, 42], 'order kept: it is the client preference');
  t.equal(requestsOption(options, 28), true);
  t.equal(requestsOption(options, 66), false);
});

t.test('parameter-list.ts: malformed values and bad input', async (t) => {
  t.throws(() => getParameterList(new Map([[55, new Uint8Array(0)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 55 });
  t.throws(() => setParameterList(new Map(), []), { code: 'DHCP_BAD_OPTION_VALUE', option: 55 });
  t.throws(() => setParameterList(new Map(), [1, 255]), { code: 'DHCP_BAD_OPTION_VALUE', option: 55 });
});

// ---- options/identity.ts ----

t.test('identity.ts: 12 host name, 60 vendor class', async (t) => {
  const options = new Map<number, Uint8Array>();
  t.equal(getHostname(options), undefined);
  setHostname(options, 'thin-07');
  setVendorClass(options, 'PXEClient');
  t.strictSame(options, new Map([[12, hex(txt('thin-07'))], [60, hex(txt('PXEClient'))]]));
  t.equal(getHostname(options), 'thin-07');
  t.equal(getVendorClass(options), 'PXEClient');
  t.equal(getHostname(new Map([[12, hex(`${txt('thin-07')} 00`)]])), 'thin-07', 'a trailing NUL dropped (RFC 2132 §2)');
});

t.test('identity.ts: 61 client identifier', async (t) => {
  const options = new Map([[61, hex('01 52 54 00 12 34 56')]]);
  t.strictSame(getClientId(options), { type: 1, value: hex('52 54 00 12 34 56') }, 'type 1 and a MAC, as iPXE sends it');
  const written = new Map<number, Uint8Array>();
  setClientId(written, { type: 255, value: hex('00000001 0001 0203') });
  t.strictSame(written.get(61), hex('ff 00000001 0001 0203'), 'type 255, RFC 4361 IAID + DUID');
  t.throws(() => getClientId(new Map([[61, hex('01')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 61 }, 'shorter than 2');
  t.throws(() => setClientId(new Map(), { type: 1, value: new Uint8Array(0) }), { code: 'DHCP_BAD_OPTION_VALUE', option: 61 });
});

t.test('identity.ts: 77 user class: RFC 3004 and the plain form', async (t) => {
  t.strictSame(getUserClass(new Map([[77, hex(txt('iPXE'))]])), { form: 'plain', text: 'iPXE' }, 'iPXE: the bare text');
  t.strictSame(
    getUserClass(new Map([[77, hex(`04 ${txt('iPXE')} 05 ${txt('thin1')}`)]])),
    { form: 'rfc3004', classes: ['iPXE', 'thin1'] },
    'RFC 3004: length-prefixed classes',
  );
  t.strictSame(getUserClass(new Map([[77, hex(`04 ${txt('iPX')}`)]])), { form: 'plain', text: '\x04iPX' }, 'a length that overruns: plain');
  t.strictSame(getUserClass(new Map([[77, hex(`00 ${txt('ab')}`)]])), { form: 'plain', text: '\x00ab' }, 'a zero length is not RFC 3004: plain');
  t.equal(isIpxeUserClass({ form: 'plain', text: 'iPXE' }), true);
  t.equal(isIpxeUserClass({ form: 'rfc3004', classes: ['x', 'iPXE'] }), true);
  t.equal(isIpxeUserClass({ form: 'plain', text: 'ipxe' }), false, 'case matters');
  t.equal(isIpxeUserClass(undefined), false);

  const options = new Map<number, Uint8Array>();
  setUserClass(options, { form: 'rfc3004', classes: ['iPXE', 'thin1'] });
  t.strictSame(options.get(77), hex(`04 ${txt('iPXE')} 05 ${txt('thin1')}`));
  setUserClass(options, { form: 'plain', text: 'iPXE' });
  t.strictSame(options.get(77), hex(txt('iPXE')));
  t.throws(() => getUserClass(new Map([[77, new Uint8Array(0)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 77 });
  t.throws(() => setUserClass(new Map(), { form: 'rfc3004', classes: [] }), { code: 'DHCP_BAD_OPTION_VALUE', option: 77 });
  t.throws(() => setUserClass(new Map(), { form: 'rfc3004', classes: [''] }), { code: 'DHCP_BAD_OPTION_VALUE', option: 77 });
});

t.test('identity.ts: 94 client network device interface', async (t) => {
  t.strictSame(getClientNdi(new Map([[94, hex('01 02 01')]])), { type: 1, major: 2, minor: 1 }, 'iPXE: UNDI 2.1');
  const options = new Map<number, Uint8Array>();
  setClientNdi(options, { type: 1, major: 3, minor: 0 });
  t.strictSame(options.get(94), hex('01 03 00'), 'edk2: UNDI 3.0');
  t.throws(() => getClientNdi(new Map([[94, hex('01 02')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 94 });
  t.throws(() => setClientNdi(new Map(), { type: 1, major: 256, minor: 0 }), { code: 'DHCP_BAD_OPTION_VALUE', option: 94 });
});

t.test('identity.ts: 97 client machine identifier', async (t) => {
  const wire = hex('00 44 45 4c 4c 42 00 10 36 80 52 b4 c0 4f 4e 30 32');
  t.equal(getClientMachineId(new Map([[97, wire]])), '4c4c4544-0042-3610-8052-b4c04f4e3032', 'first three fields little-endian');
  t.equal(getClientMachineId(new Map([[97, hex(`00 ${z(16)}`)]])), '00000000-0000-0000-0000-000000000000', 'nil, as iPXE sends it without -uuid');
  const options = new Map<number, Uint8Array>();
  setClientMachineId(options, '4C4C4544-0042-3610-8052-B4C04F4E3032');
  t.strictSame(options.get(97), wire, 'written in the same order, either case accepted');
  t.equal(formatGuid(parseGuid('01234567-89ab-cdef-0123-456789abcdef')!), '01234567-89ab-cdef-0123-456789abcdef', 'parse and format are inverses');
  t.throws(() => getClientMachineId(new Map([[97, hex(`00 ${z(15)}`)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 97 }, '16 bytes');
  t.throws(() => getClientMachineId(new Map([[97, hex(`01 ${z(16)}`)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 97 }, 'type 1');
  t.throws(() => setClientMachineId(new Map(), 'not-a-guid'), { code: 'DHCP_BAD_OPTION_VALUE', option: 97 });
});

// ---- options/pxe.ts ----

t.test('pxe.ts: 93 client system architecture', async (t) => {
  t.strictSame(getClientArchitectures(new Map([[93, hex('00 0b')]])), [ClientArch.EFI_ARM64], 'edk2 arm64');
  t.strictSame(getClientArchitectures(new Map([[93, hex('00 07 00 10')]])), [7, 16], 'a list of two');
  t.equal(getClientArchitectures(new Map()), undefined);
  const options = new Map<number, Uint8Array>();
  setClientArchitectures(options, [ClientArch.EFI_X86_64]);
  t.strictSame(options.get(93), hex('00 09'));
  t.throws(() => getClientArchitectures(new Map([[93, hex('00')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 93 }, 'odd length');
  t.throws(() => getClientArchitectures(new Map([[93, new Uint8Array(0)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 93 }, 'empty');
  t.throws(() => setClientArchitectures(new Map(), [65536]), { code: 'DHCP_BAD_OPTION_VALUE', option: 93 });
});

t.test('pxe.ts: the architecture inside option 60', async (t) => {
  t.equal(vendorClassArchitecture('PXEClient:Arch:00011:UNDI:003000'), 11);
  t.equal(vendorClassArchitecture('PXEClient:Arch:00000:UNDI:002001'), 0);
  t.equal(vendorClassArchitecture('HTTPClient:Arch:00016:UNDI:003001'), 16, 'UEFI HTTP boot');
  t.equal(vendorClassArchitecture('PXEClient:Arch:00007'), 7, 'nothing after the number');
  t.equal(vendorClassArchitecture('PXEClient'), undefined, 'no Arch field');
  t.equal(vendorClassArchitecture('PXEClient:Arch:0011:UNDI:003000'), undefined, 'four digits');
  t.equal(vendorClassArchitecture('PXEClient:Arch:99999'), undefined, 'beyond 16 bits');
  t.equal(vendorClassArchitecture('udhcp 1.35.0'), undefined);
});

// name, typed value, exact bytes of option 43
const table: [string, PxeVendorOptions, string][] = [
  ['discovery control: use the boot file', { discoveryControl: PxeDiscoveryControl.USE_BOOTFILE, other: new Map() }, '06 01 08 ff'],
  [
    'boot servers, menu, prompt',
    {
      discoveryControl: PxeDiscoveryControl.DISABLE_MULTICAST | PxeDiscoveryControl.DISABLE_BROADCAST,
      bootServers: [{ type: 0x8000, addresses: ['192.168.1.10'] }, { type: 0x8001, addresses: ['10.0.0.1', '10.0.0.2'] }],
      bootMenu: [{ type: 0x8000, description: 'thinboot' }, { type: 0, description: 'local disk' }],
      menuPrompt: { timeout: 5, prompt: 'Press F8' },
      other: new Map(),
    },
    `06 01 03
     08 12 8000 01 c0a8010a  8001 02 0a000001 0a000002
     09 18 8000 08 ${txt('thinboot')}  0000 0a ${txt('local disk')}
     0a 09 05 ${txt('Press F8')}
     ff`,
  ],
  ['boot item, as a client sends it to port 4011', { bootItem: { type: 0x8000, layer: 0 }, other: new Map() }, '47 04 8000 0000 ff'],
  ['an unknown sub-option kept raw', { other: new Map([[1, hex('e0000102')]]) }, '01 04 e0000102 ff'],
];
for (const [name, value, bytes] of table) {
  t.test(`pxe.ts: 43: ${name}`, async (t) => {
    t.strictSame(getPxeVendorOptions(new Map([[43, hex(bytes)]])), value, 'decodes');
    const options = new Map<number, Uint8Array>();
    setPxeVendorOptions(options, value);
    t.strictSame(options.get(43), hex(bytes), 'encodes');
  });
}

t.test('pxe.ts: 43: tolerated and rejected', async (t) => {
  t.strictSame(getPxeVendorOptions(new Map([[43, hex('06 01 08')]])), { discoveryControl: 8, other: new Map() }, 'no end');
  t.strictSame(getPxeVendorOptions(new Map([[43, hex('00 06 01 08 ff 47 04')]])), { discoveryControl: 8, other: new Map() }, 'pad, and bytes after end');
  const bad: [string, string][] = [
    ['discovery control of 2 bytes', '06 02 0800 ff'],
    ['boot servers cut in an entry header', '08 02 8000 ff'],
    ['boot servers listing more addresses than held', '08 07 8000 02 c0a8010a ff'],
    ['menu description overrunning', '09 05 8000 09 6162 ff'],
    ['prompt without a timeout', '0a 00 ff'],
    ['boot item of 3 bytes', '47 03 800000 ff'],
    ['a sub-option overrunning the option', '06 05 08 ff'],
  ];
  for (const [name, bytes] of bad) {
    t.throws(() => getPxeVendorOptions(new Map([[43, hex(bytes)]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 43 }, name);
  }
  t.throws(
    () => setPxeVendorOptions(new Map(), { bootMenu: [{ type: 0x10000, description: 'x' }], other: new Map() }),
    { code: 'DHCP_BAD_OPTION_VALUE', option: 43 },
    'a type over 16 bits',
  );
  t.throws(() => setPxeVendorOptions(new Map(), { other: new Map([[255, new Uint8Array(0)]]) }), { code: 'DHCP_BAD_OPTION_VALUE', option: 43 }, 'code 255');
});

// ---- options/ipxe.ts ----

t.test('ipxe.ts: 175: iPXE feature flags as a sub-option map', async (t) => {
  const options = new Map([[175, hex('13 01 01 15 01 01 18 01 01 27 01 01')]]);
  t.strictSame(
    getIpxeOptions(options),
    new Map([[0x13, hex('01')], [0x15, hex('01')], [0x18, hex('01')], [0x27, hex('01')]]),
    'HTTP, TFTP, bzImage, menu, each version 1',
  );
  t.equal(ipxeHasFeature(options, IpxeOption.FEATURE_HTTP), true);
  t.equal(ipxeHasFeature(options, IpxeOption.FEATURE_HTTPS), false);
  t.equal(ipxeHasFeature(new Map(), IpxeOption.FEATURE_HTTP), false, 'no 175 at all');
  t.equal(getIpxeOptions(new Map()), undefined);
  t.strictSame(getIpxeOptions(new Map([[175, hex('13 01 01 ff 15 01 01')]])), new Map([[0x13, hex('01')]]), 'stops at end');
});

t.test('ipxe.ts: 175 from the server: priority', async (t) => {
  const options = new Map<number, Uint8Array>();
  setIpxeOptions(options, new Map([[IpxeOption.PRIORITY, hex('7f')]]));
  t.strictSame(options.get(175), hex('01 01 7f ff'));
  t.throws(() => getIpxeOptions(new Map([[175, hex('13 02 01')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 175 });
});

// ---- options/relay.ts ----

t.test('relay.ts: 82: relay agent information as a sub-option map', async (t) => {
  const bytes = hex(`01 08 ${txt('ge-0/0/1')} 02 06 001a2b3c4d5e`);
  const subs = new Map([[RelayAgentSubOption.CIRCUIT_ID as number, hex(txt('ge-0/0/1'))], [RelayAgentSubOption.REMOTE_ID as number, hex('001a2b3c4d5e')]]);
  t.strictSame(getRelayAgentInfo(new Map([[82, bytes]])), subs, 'decodes');
  const options = new Map<number, Uint8Array>();
  setRelayAgentInfo(options, subs);
  t.strictSame(options.get(82), bytes, 'encodes, no end byte (RFC 3046 has none)');
  t.strictSame(getRelayAgentInfo(new Map([[82, hex('00 01 aa ff 01 bb')]])), new Map([[0, hex('aa')], [255, hex('bb')]]), '0 and 255 are ordinary codes');
  t.throws(() => getRelayAgentInfo(new Map([[82, hex('01 08 6765')]])), { code: 'DHCP_BAD_OPTION_VALUE', option: 82 });
});

t.test('relay.ts: RFC 3046 §2.2: the reply echoes 82 byte for byte', async (t) => {
  const odd = hex('01 01 aa 01 01 bb 09 00'); // a repeated code and an empty one: re-encoding would change it
  const reply = new Map<number, Uint8Array>();
  echoRelayAgentInfo(new Map([[82, odd]]), reply);
  t.strictSame(reply.get(82), odd);
  t.not(reply.get(82), odd, 'a copy, not the same array');
  const none = new Map<number, Uint8Array>();
  echoRelayAgentInfo(new Map(), none);
  t.equal(none.has(82), false, 'nothing to echo');
});

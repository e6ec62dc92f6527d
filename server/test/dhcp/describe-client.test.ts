/**
 * describeClient beyond the client table (client-messages.test.ts): the fallbacks, the iPXE signals,
 * the UUIDs that identify nothing, and malformed options reported instead of thrown.
 */
import t from 'tap';
import { describeClient } from '../../src/dhcp/describe-client.js';
import type { DhcpMessage } from '../../src/dhcp/packet.js';
import { hex, txt, z } from './fixtures/wire-hex.js';

function request(options: [number, string][], giaddr = '0.0.0.0'): DhcpMessage {
  return {
    op: 1,
    htype: 1,
    hops: 0,
    xid: 7,
    secs: 0,
    flags: 0,
    ciaddr: '0.0.0.0',
    yiaddr: '0.0.0.0',
    siaddr: '0.0.0.0',
    giaddr,
    chaddr: '52:54:00:00:00:07',
    sname: '',
    file: '',
    options: new Map(options.map(([c, h]) => [c, hex(h)])),
  };
}

t.test('arch: 93 first, else the Arch field of 60', async (t) => {
  t.equal(describeClient(request([[60, txt('PXEClient:Arch:00007:UNDI:003016')]])).arch, 7, 'from 60 alone');
  t.equal(describeClient(request([[93, '0009'], [60, txt('PXEClient:Arch:00007:UNDI:003016')]])).arch, 9, '93 wins over 60');
  t.equal(describeClient(request([[93, '000b 0007']])).arch, 11, 'the first of several');
  t.equal(describeClient(request([[60, txt('PXEClient')]])).arch, undefined, 'PXEClient without Arch');
  t.equal(describeClient(request([])).arch, undefined, 'nothing at all');
});

t.test('isPxe: option 60 starts with PXEClient', async (t) => {
  t.equal(describeClient(request([[60, txt('PXEClient:Arch:00000:UNDI:002001')]])).isPxe, true);
  t.equal(describeClient(request([[60, txt('HTTPClient:Arch:00016')]])).isPxe, false, 'UEFI HTTP boot is not PXE');
  t.equal(describeClient(request([[60, txt('pxeclient')]])).isPxe, false, 'case matters, as in dnsmasq');
  t.equal(describeClient(request([[93, '0000']])).isPxe, false, '93 without 60');
});

t.test('isIpxe: 77 iPXE in either form, or 175 present', async (t) => {
  t.equal(describeClient(request([[77, txt('iPXE')]])).isIpxe, true, 'plain');
  t.equal(describeClient(request([[77, `04 ${txt('iPXE')}`]])).isIpxe, true, 'RFC 3004');
  t.equal(describeClient(request([[175, '13 01 01']])).isIpxe, true, '175 alone (user class changed by a script)');
  t.equal(describeClient(request([[77, txt('gPXE')]])).isIpxe, false);
});

t.test('uuid: nil and all-ones identify nothing', async (t) => {
  t.equal(describeClient(request([[97, `00 ${z(16)}`]])).uuid, undefined, 'nil');
  t.equal(describeClient(request([[97, `00 ${'ff'.repeat(16)}`]])).uuid, undefined, 'all ones');
  t.equal(describeClient(request([[97, `00 ${'00'.repeat(15)}01`]])).uuid, '00000000-0000-0000-0000-000000000001');
});

t.test('relayed: giaddr set', async (t) => {
  t.equal(describeClient(request([], '10.0.5.1')).relayed, true);
  t.equal(describeClient(request([])).relayed, false);
});

t.test('malformed options are listed, never thrown', async (t) => {
  const d = describeClient(request([[53, '0101'], [93, '00'], [97, `00 ${z(3)}`], [77, ''], [60, '']]));
  t.strictSame(d.malformed, [53, 60, 77, 93, 97], 'each bad option, ascending');
  t.strictSame([d.messageType, d.arch, d.uuid, d.isPxe, d.isIpxe], [undefined, undefined, undefined, false, false], 'their fields left empty');
});

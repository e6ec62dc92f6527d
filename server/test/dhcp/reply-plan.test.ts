/**
 * Where replies go (reply-plan.ts): one row per rule of RFC 2131 §4.1, plus the PXE port-4011 rule
 * and the precedence between rules.
 */
import t from 'tap';
import { MessageType } from '../../src/dhcp/iana.js';
import { planReply, type ReplyContext, type ReplyPlan } from '../../src/dhcp/reply-plan.js';

const NONE = '0.0.0.0';
const fromClient = { address: NONE, port: 68 };

// name, context, expected plan
const table: [string, ReplyContext, ReplyPlan][] = [
  [
    'giaddr set: unicast to the relay, port 67',
    { request: { giaddr: '10.0.5.1', ciaddr: NONE, flags: 0 }, localPort: 67, source: { address: '10.0.5.1', port: 67 }, replyType: MessageType.OFFER },
    { kind: 'relay', address: '10.0.5.1', port: 67 },
  ],
  [
    'giaddr set wins over the broadcast bit',
    { request: { giaddr: '10.0.5.1', ciaddr: NONE, flags: 0x8000 }, localPort: 67, source: { address: '10.0.5.1', port: 67 }, replyType: MessageType.OFFER },
    { kind: 'relay', address: '10.0.5.1', port: 67 },
  ],
  [
    'giaddr set: a NAK goes to the relay too',
    { request: { giaddr: '10.0.5.1', ciaddr: '10.0.5.23', flags: 0 }, localPort: 67, source: { address: '10.0.5.1', port: 67 }, replyType: MessageType.NAK },
    { kind: 'relay', address: '10.0.5.1', port: 67 },
  ],
  [
    'NAK with giaddr 0: broadcast, even to a client with ciaddr',
    { request: { giaddr: NONE, ciaddr: '192.168.1.50', flags: 0 }, localPort: 67, source: { address: '192.168.1.50', port: 68 }, replyType: MessageType.NAK },
    { kind: 'broadcast', port: 68 },
  ],
  [
    'ciaddr set (RENEW): unicast to ciaddr:68',
    { request: { giaddr: NONE, ciaddr: '192.168.1.50', flags: 0 }, localPort: 67, source: { address: '192.168.1.50', port: 68 }, replyType: MessageType.ACK },
    { kind: 'unicast', address: '192.168.1.50', port: 68 },
  ],
  [
    'ciaddr set (INFORM) wins over the broadcast bit',
    { request: { giaddr: NONE, ciaddr: '192.168.1.50', flags: 0x8000 }, localPort: 67, source: { address: '192.168.1.50', port: 68 }, replyType: MessageType.ACK },
    { kind: 'unicast', address: '192.168.1.50', port: 68 },
  ],
  [
    'broadcast bit set, no address yet (edk2): broadcast',
    { request: { giaddr: NONE, ciaddr: NONE, flags: 0x8000 }, localPort: 67, source: fromClient, replyType: MessageType.OFFER },
    { kind: 'broadcast', port: 68 },
  ],
  [
    'broadcast bit off, no address yet (iPXE): broadcast, since unicast to chaddr needs a raw socket',
    { request: { giaddr: NONE, ciaddr: NONE, flags: 0 }, localPort: 67, source: fromClient, replyType: MessageType.OFFER },
    { kind: 'broadcast', port: 68 },
  ],
  [
    'a BOOTP reply (no message type) follows the same rules',
    { request: { giaddr: NONE, ciaddr: NONE, flags: 0 }, localPort: 67, source: fromClient, replyType: undefined },
    { kind: 'broadcast', port: 68 },
  ],
  [
    'port 4011 (PXE boot server): unicast to the source address and port',
    { request: { giaddr: NONE, ciaddr: '192.168.1.50', flags: 0 }, localPort: 4011, source: { address: '192.168.1.50', port: 4011 }, replyType: MessageType.ACK },
    { kind: 'unicast', address: '192.168.1.50', port: 4011 },
  ],
  [
    'port 4011 from source port 68',
    { request: { giaddr: NONE, ciaddr: NONE, flags: 0x8000 }, localPort: 4011, source: { address: '192.168.1.50', port: 68 }, replyType: MessageType.ACK },
    { kind: 'unicast', address: '192.168.1.50', port: 68 },
  ],
  [
    'port 4011 wins over giaddr: the source sent it straight to us',
    { request: { giaddr: '10.0.5.1', ciaddr: NONE, flags: 0 }, localPort: 4011, source: { address: '10.0.5.40', port: 4011 }, replyType: MessageType.ACK },
    { kind: 'unicast', address: '10.0.5.40', port: 4011 },
  ],
  [
    'port 4011 from 0.0.0.0: no source to answer, the DHCP rules apply',
    { request: { giaddr: NONE, ciaddr: NONE, flags: 0 }, localPort: 4011, source: fromClient, replyType: MessageType.ACK },
    { kind: 'broadcast', port: 68 },
  ],
];

for (const [name, ctx, plan] of table) {
  t.test(name, async (t) => {
    t.strictSame(planReply(ctx), plan);
  });
}

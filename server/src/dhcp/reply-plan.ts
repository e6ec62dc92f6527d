/**
 * Where a reply goes, decided from the request alone (RFC 2131 §4.1), as danderson/netboot's dhcp4
 * decides it: a pure function, so the socket code only carries the plan out and tests read the rules.
 */
import { BROADCAST_FLAG, DhcpPort, MessageType } from './iana.js';
import type { DhcpMessage } from './packet.js';
import { UNSET_ADDRESS } from './wire-values.js';

export type ReplyPlan =
  /** To the relay agent's server port; it forwards the reply to the client. */
  | { kind: 'relay'; address: string; port: typeof DhcpPort.SERVER }
  /** To an address the client already has: `ciaddr`:68, or the source of a port-4011 request (port 68 or 4011 in practice). */
  | { kind: 'unicast'; address: string; port: number }
  /** To 255.255.255.255:68 on the interface the request arrived on. */
  | { kind: 'broadcast'; port: typeof DhcpPort.CLIENT };

export interface ReplyContext {
  /** The header fields of the request that the rules read. */
  request: Pick<DhcpMessage, 'giaddr' | 'ciaddr' | 'flags'>;
  /** The local port the request arrived on: 67 (DHCP and ProxyDHCP) or 4011 (PXE boot server). */
  localPort: number;
  /** The request datagram's source address and port. */
  source: { address: string; port: number };
  /** Option 53 of the reply being sent (`MessageType`); undefined for a BOOTP reply. */
  replyType: number | undefined;
}

/** The rules in order; the first that applies decides. */
export function planReply(ctx: ReplyContext): ReplyPlan {
  const { request, localPort, source, replyType } = ctx;

  // PXE boot server (PXE 2.1 specification): a client that already has an address unicasts its
  // REQUEST to port 4011 and listens where it sent from. Reply to that source, as pixiecore does.
  // First, because the source is known to be reachable: even a relayed datagram's source is the relay.
  if (localPort === DhcpPort.PXE && source.address !== UNSET_ADDRESS) {
    return { kind: 'unicast', address: source.address, port: source.port };
  }

  // RFC 2131 §4.1: "If the 'giaddr' field in a DHCP message from a client is non-zero, the server
  // sends any return messages to the 'DHCP server' port on the BOOTP relay agent whose address
  // appears in 'giaddr'."
  if (request.giaddr !== UNSET_ADDRESS) {
    return { kind: 'relay', address: request.giaddr, port: DhcpPort.SERVER };
  }

  // RFC 2131 §4.1: "In all cases, when 'giaddr' is zero, the server broadcasts any DHCPNAK messages
  // to 0xffffffff." (The client's ciaddr may be exactly the address being refused.)
  if (replyType === MessageType.NAK) {
    return { kind: 'broadcast', port: DhcpPort.CLIENT };
  }

  // RFC 2131 §4.1: "If the 'giaddr' field is zero and the 'ciaddr' field is nonzero, then the server
  // unicasts DHCPOFFER and DHCPACK messages to the address in 'ciaddr'." This is a RENEW or an
  // INFORM (§4.3.5: "sending a DHCPACK message directly to the address given in the 'ciaddr' field").
  if (request.ciaddr !== UNSET_ADDRESS) {
    return { kind: 'unicast', address: request.ciaddr, port: DhcpPort.CLIENT };
  }

  // RFC 2131 §4.1: "If 'giaddr' is zero and 'ciaddr' is zero, and the broadcast bit is set, then the
  // server broadcasts DHCPOFFER and DHCPACK messages to 0xffffffff." (edk2 sets the bit.)
  if ((request.flags & BROADCAST_FLAG) !== 0) {
    return { kind: 'broadcast', port: DhcpPort.CLIENT };
  }

  // RFC 2131 §4.1: "If the broadcast bit is not set ... the server unicasts DHCPOFFER and DHCPACK
  // messages to the client's hardware address and 'yiaddr' address." That needs the frame addressed
  // to chaddr while the client has no IP and answers no ARP: a raw socket or an injected ARP entry,
  // which a Node UDP socket cannot do. The same section allows the fallback: "If unicasting is not
  // possible, the message MAY be sent as an IP broadcast".
  return { kind: 'broadcast', port: DhcpPort.CLIENT };
}

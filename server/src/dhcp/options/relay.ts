/**
 * 82 relay agent information (RFC 3046): what a relay adds on the way to the server, sub-options
 * such as circuit id (1) and remote id (2) (`RelayAgentSubOption`, RFC 3046 §2.1). RFC 3046 §2.0 has
 * no pad or end inside 82: every byte is a sub-option code, length or value.
 *
 * RFC 3046 §2.2: "DHCP servers claiming to support the Relay Agent Information option SHALL echo the
 * entire contents of the Relay Agent Information option in all replies." `echoRelayAgentInfo` copies
 * the bytes verbatim, so the relay sees exactly what it sent.
 */
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { decodeSubOptions, encodeSubOptions, type SubOptions } from './encapsulated.js';

const CODE = OptionCode.RELAY_AGENT_INFO;
const RULES = { padAndEnd: false };

export function getRelayAgentInfo(options: DhcpOptions): SubOptions | undefined {
  const value = options.get(CODE);
  return value === undefined ? undefined : decodeSubOptions(value, CODE, RULES);
}

export function setRelayAgentInfo(options: DhcpOptions, subOptions: SubOptions): void {
  options.set(CODE, encodeSubOptions(subOptions, CODE, RULES));
}

/** Copies the request's option 82, byte for byte, into the reply's options; nothing when absent. */
export function echoRelayAgentInfo(request: DhcpOptions, reply: DhcpOptions): void {
  const value = request.get(CODE);
  if (value !== undefined) reply.set(CODE, new Uint8Array(value));
}

/**
 * iPXE's encapsulated option 175 (IANA: "Etherboot", tentatively assigned; no RFC). iPXE sends it in
 * every request: one sub-option per compiled-in feature (`IpxeOption.FEATURE_*`, 0x10..0x7f), each
 * one byte holding the feature's version. A server may send 175 back to set iPXE settings
 * (e.g. 175.1 priority). Encoded like DHCP options, with pad and end (RFC 2132 §8.4 style).
 */
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { decodeSubOptions, encodeSubOptions, type SubOptions } from './encapsulated.js';

const CODE = OptionCode.IPXE_ENCAP;

export function getIpxeOptions(options: DhcpOptions): SubOptions | undefined {
  const value = options.get(CODE);
  return value === undefined ? undefined : decodeSubOptions(value, CODE, { padAndEnd: true });
}

/** Writes 175 from sub-options in ascending code order, ending with 255 as iPXE does. */
export function setIpxeOptions(options: DhcpOptions, subOptions: SubOptions): void {
  options.set(CODE, encodeSubOptions(subOptions, CODE, { padAndEnd: true }));
}

/** True when the client's 175 lists `feature` (an `IpxeOption.FEATURE_*`) with a non-zero version. */
export function ipxeHasFeature(options: DhcpOptions, feature: number): boolean {
  const version = getIpxeOptions(options)?.get(feature);
  return version !== undefined && version.some((b) => b !== 0);
}

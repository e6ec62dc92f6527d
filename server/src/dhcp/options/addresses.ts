/**
 * Options that hold IPv4 addresses: one address (1 subnet mask RFC 2132 §3.3, 28 broadcast address
 * §5.3, 50 requested address §9.1, 54 server identifier §9.7) or a list of at least one (3 routers
 * §3.5, 6 DNS servers §3.8, 42 NTP servers §8.3: "the minimum length ... is 4 octets, and the length
 * MUST always be a multiple of 4").
 */
import { badOptionInput, badOptionValue } from '../errors.js';
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { readIpv4, writeIpv4 } from '../wire-values.js';

export type SingleAddressOption =
  | typeof OptionCode.SUBNET_MASK
  | typeof OptionCode.BROADCAST_ADDRESS
  | typeof OptionCode.REQUESTED_ADDRESS
  | typeof OptionCode.SERVER_ID;

export type AddressListOption = typeof OptionCode.ROUTER | typeof OptionCode.DNS_SERVERS | typeof OptionCode.NTP_SERVERS;

export function getAddress(options: DhcpOptions, code: SingleAddressOption): string | undefined {
  const value = options.get(code);
  if (value === undefined) return undefined;
  if (value.length !== 4) throw badOptionValue(code, `an address is 4 bytes, got ${value.length}`);
  return readIpv4(value, 0);
}

export function setAddress(options: DhcpOptions, code: SingleAddressOption, address: string): void {
  const out = new Uint8Array(4);
  writeIpv4(out, 0, address, `option ${code}`);
  options.set(code, out);
}

export function getAddressList(options: DhcpOptions, code: AddressListOption): string[] | undefined {
  const value = options.get(code);
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length % 4 !== 0) {
    throw badOptionValue(code, `an address list is a non-zero multiple of 4 bytes, got ${value.length}`);
  }
  const out: string[] = [];
  for (let at = 0; at < value.length; at += 4) out.push(readIpv4(value, at));
  return out;
}

export function setAddressList(options: DhcpOptions, code: AddressListOption, addresses: readonly string[]): void {
  if (addresses.length === 0) throw badOptionInput(code, 'an address list needs at least one address');
  const out = new Uint8Array(4 * addresses.length);
  addresses.forEach((a, i) => writeIpv4(out, 4 * i, a, `option ${code}`));
  options.set(code, out);
}

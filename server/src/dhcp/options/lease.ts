/**
 * Lease times, unsigned 32-bit seconds: 51 lease time (RFC 2132 §9.2), 58 renewal time T1 (§9.11),
 * 59 rebinding time T2 (§9.12). RFC 2131 §4.4.5 defaults T1 to 0.5 and T2 to 0.875 of the lease.
 */
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { getUint, setUint } from './primitives.js';

/** RFC 2131 §3.3: 0xffffffff is an infinite lease. */
export const INFINITE_LEASE = 0xffffffff;

export function getLeaseTime(options: DhcpOptions): number | undefined {
  return getUint(options, OptionCode.LEASE_TIME, 4);
}

export function setLeaseTime(options: DhcpOptions, seconds: number): void {
  setUint(options, OptionCode.LEASE_TIME, 4, seconds);
}

export function getRenewalTime(options: DhcpOptions): number | undefined {
  return getUint(options, OptionCode.RENEWAL_TIME, 4);
}

export function setRenewalTime(options: DhcpOptions, seconds: number): void {
  setUint(options, OptionCode.RENEWAL_TIME, 4, seconds);
}

export function getRebindingTime(options: DhcpOptions): number | undefined {
  return getUint(options, OptionCode.REBINDING_TIME, 4);
}

export function setRebindingTime(options: DhcpOptions, seconds: number): void {
  setUint(options, OptionCode.REBINDING_TIME, 4, seconds);
}

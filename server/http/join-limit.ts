import { isIPv6 } from 'node:net';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Refusal } from '../../shared/errors.ts';
import { consumeOrRefuse, type LimiterFactory } from '../transport/rate-limits.ts';

/**
 * The address a join counts against. An IPv4-mapped IPv6 address is its IPv4 address; an IPv6
 * address counts by its /64, since one subscriber line usually holds a whole /64 and could
 * otherwise pick a fresh address for every join.
 */
export function joinAddressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Joins per address per minute. Every person a join creates is stored, so a flood from one
 * address would fill the store; the limit is generous because a hall of delegates often
 * shares one NAT address. Shared across processes when the factory is Redis-backed.
 */
export class JoinLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(factory: LimiterFactory, perMinute: number) {
    this.limiter = factory('join', perMinute, 60);
  }

  check(address: string): Promise<Refusal | null> {
    return consumeOrRefuse(this.limiter, joinAddressKey(address), 'joins from this network address');
  }
}

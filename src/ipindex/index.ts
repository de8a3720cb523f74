export { IndexBuilder, type RangeIn } from './build.ts';
export {
  bigIntToBytes16,
  bytes16ToBigInt,
  IPV4_MAX,
  IPV6_MAX,
  ipToString,
  ipv4ToString,
  ipv6ToString,
  type ParsedIp,
  parseIp,
} from './convert.ts';
export { IndexHolder } from './holder.ts';
export { INVALID, IpIndex, isIpAddress, NOT_FOUND, type SegmentInfo } from './ip-index.ts';
export { parseAddress, parseIPv4, parseIPv6 } from './parse.ts';
export { deserializeIndex, serializeIndex } from './serialize.ts';
export {
  buildIndexFromDb,
  type LoadedIndex,
  loadIndex,
  rebuildIndex,
  saveIndexCache,
} from './store.ts';

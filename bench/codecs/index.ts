// The peer and limit adapters, in report order. savepack joins through codecs/savepack.ts when
// src/index.ts provides the codec.

import type { Adapter } from '../types.ts';
import { avsc } from './avsc.ts';
import { cborx } from './cborx.ts';
import { json } from './json.ts';
import { limit } from './limit.ts';
import { msgpack } from './msgpack.ts';
import { msgpackr } from './msgpackr.ts';
import { protobufjs } from './protobuf.ts';
import { v8 } from './v8.ts';

export const PEERS: readonly Adapter[] = [msgpackr, cborx, msgpack, avsc, protobufjs, json, v8, limit];

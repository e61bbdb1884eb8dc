import type { Route } from './drive.ts';
export async function exampleRoutes(): Promise<Map<string, Route>> { return new Map(); }
export const runExample = 1;

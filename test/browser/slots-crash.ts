export const crashLoop = 1;

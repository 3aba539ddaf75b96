import pkg from '../package.json' with { type: 'json' };

export const PRODUCT_VERSION: string = pkg.version;

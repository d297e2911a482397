import common from './en/common.ts';
import join from './en/join.ts';

/** What the join page says: loaded before the app mounts. The rest is in rest-en.ts. */
export default { common, join };

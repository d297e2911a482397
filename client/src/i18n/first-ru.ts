import common from './ru/common.ts';
import join from './ru/join.ts';

/** What the join page says: loaded before the app mounts. The rest is in rest-ru.ts. */
export default { common, join };

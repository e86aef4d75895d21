import { OPERATOR } from './topics.js';

// SQL that scopes a statement to one tenant, by its named parameter @tenant. A tenant sees its own topics and the
// operator's, and changes only its own.

/** The topic @topicId is one the tenant sees. Uncorrelated, so SQLite checks it once per statement run. */
export const SEES_TOPIC = `EXISTS (SELECT 1 FROM topics st WHERE st.id = @topicId AND st.tenant IN (@tenant, '${OPERATOR}'))`;

/** The ids of the topics the tenant sees (for `<row>.topic_id IN (…)`). */
export const TOPICS_SEEN = `SELECT id FROM topics WHERE tenant IN (@tenant, '${OPERATOR}')`;

/** The ids of the tenant's own topics: what a change may touch. */
export const TOPICS_OWNED = 'SELECT id FROM topics WHERE tenant = @tenant';

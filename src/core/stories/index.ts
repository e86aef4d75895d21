// Stories: the articles that report one happening, across outlets and days, each alerted once per channel and then
// kept up to date in place (edits, follow-ups in the alert's thread).
export { assignStory, clusterItems, STORY_WINDOW_HOURS, type ClusterItem, type ClusterOptions, type StoryCandidate, type StoryMatch } from './cluster.js';
export { clusterItemOf, fileInStory, type StoryFiling, type FilingOptions } from './file.js';
export { updateStoryAlerts, EDIT_INTERVAL_MS, type Development, type StoryUpdates } from './updates.js';

import type { Topic } from '../../store/index.js';
import { isoDay } from '../dates.js';
import { parseTopicQuery } from '../query.js';
import { errorReply, textReply, type Reply } from '../reply.js';
import { countLabel, onThisDay, pagedReply, searchEvents } from '../timeline.js';
import { webName, withTimelineLink } from '../web-link.js';
import { helpReply } from './help.js';
import { tidyText } from './parse.js';
import type { Command, CommandContext, CommandInput } from './types.js';

export const QUERY_OPTION = 'query';
export const SORT_OPTION = 'sort';

export function topicUsage(name: string): string {
  return [
    `/${name} 2012: what happened in 2012, most important first (shown in date order)`,
    `/${name} 2012 all (Discord: sort:date): every event of 2012 in date order`,
    `/${name} 2015-08 or /${name} aug 2015: a month; /${name} 2015-08-13: a day`,
    `/${name} 2012..2015: a range of years (or months, or days)`,
    `/${name} embassy, /${name} sweden 2015: events that mention words, optionally in a period`,
    `/${name} today: on this day in past years`,
    `/${name} latest: the most recent events`,
  ].join('\n');
}

/** One command per topic: /assange 2012. */
export function topicCommand(topic: Topic): Command {
  return {
    spec: {
      name: topic.name,
      description: `Look up the ${topic.title} timeline`.slice(0, 100),
      options: [
        { name: QUERY_OPTION, description: 'A year, month, day, range (2012..2015), keywords, today or latest', autocomplete: true },
        { name: SORT_OPTION, description: 'importance: the most important first (default); date: everything in date order', choices: ['importance', 'date'] },
      ],
    },
    run: (input, context) => lookUp(topic, input, context),
    suggest: (_option, partial, context) => {
      const years = context.store.events.yearsWithEvents(context.tenant, topic.id);
      const choices = ['today', 'latest', ...years.reverse()];
      const typed = partial.trim().toLowerCase();
      return choices.filter((choice) => choice.startsWith(typed)).slice(0, 25);
    },
  };
}

function lookUp(topic: Topic, input: CommandInput, context: CommandContext): Reply {
  const text = tidyText(input.options[QUERY_OPTION] ?? input.text);
  const title = topic.title;
  if (text === '') {
    return textReply(`${title}: what would you like to know?`, topicUsage(topic.name));
  }
  const parsed = parseTopicQuery(text);
  if (!parsed.ok) return errorReply(`/${topic.name}: I can't read that`, `${parsed.message}\n\n${topicUsage(topic.name)}`);
  const query = parsed.query;
  const sort = input.options[SORT_OPTION]?.trim().toLowerCase();
  if (sort && sort !== 'importance' && sort !== 'date') {
    return errorReply(`/${topic.name}: I can't sort by that`, `sort takes importance (the most important first, the default) or date (everything in date order), not "${sort.slice(0, 40)}".`);
  }
  const command = `/${topic.name} ${text}${sort === 'date' && !/\ball\b/i.test(text) ? ' all' : ''}`;
  const paging = { page: context.page, pageSize: context.pageSize, command };

  switch (query.kind) {
    case 'help':
      return helpReply(context);
    case 'today': {
      const now = context.now();
      const items = onThisDay(context.store, context.tenant, topic, isoDay(now));
      const day = now.toLocaleString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
      if (items.length === 0) return textReply(`${title}: on this day, ${day}`, `Nothing in the timeline happened on ${day} in past years.`);
      return { title: `${title}: on this day, ${day}`, items, footer: countLabel(items.length) };
    }
    case 'latest':
    case 'search': {
      const period = query.kind === 'search' ? query.period : undefined;
      const byDate = (query.kind === 'search' && query.allByDate) || sort === 'date';
      const result = searchEvents(context.store, {
        tenant: context.tenant, topic, period, keywords: query.keywords, newestFirst: query.kind === 'latest', byImportance: query.kind === 'search' && !byDate,
      }, paging);
      if ('unsearchable' in result) {
        return errorReply(`/${topic.name}: nothing to search for`, `"${text.slice(0, 80)}" has no letters or digits I can search for. Try a word such as embassy, or a year.`);
      }
      const what = [query.kind === 'latest' ? 'latest' : period?.label, query.keywords.length > 0 ? `"${query.keywords.join(' ')}"` : undefined]
        .filter(Boolean)
        .join(', ');
      const heading = what ? `${title}: ${what}` : title;
      if (result.total === 0) return textReply(heading, noEventsHint(topic, context));
      return withTimelineLink(pagedReply(heading, result, command), context.config.publicUrl, webName(topic), { span: period?.span, keywords: query.keywords });
    }
  }
}

function noEventsHint(topic: Topic, context: CommandContext): string {
  const years = context.store.events.yearsWithEvents(context.tenant, topic.id);
  if (years.length === 0) return `The ${topic.name} timeline has no events yet.`;
  return `No events match. The timeline has events in ${years.join(', ')}.`;
}

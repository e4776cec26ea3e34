import type { FeatureMessages } from '../../i18n/define.ts';

/** The family list's rows at a glance (who the family is, their stay) and its order, under `families:`. */
const ja = {
  sort: '並び順',
  searchOrder: '検索中はふりがな順です',
  sorts: { in_town: '滞在中・到着予定が先', kana: '五十音順', recent: '最近更新した順' },
  columns: { family: '家族', people: '家族構成', stay: '滞在', home: '居住地・電話' },
  age: '{{name}}（{{age}}歳）',
  noAge: '{{name}}',
  separator: '・',
  noMembers: '家族構成が未入力',
  stay: {
    in_town: '滞在中 〜{{departure}}',
    next: '次回 {{arrival}}〜{{departure}}',
    past: '前回 {{arrival}}〜{{departure}}',
  },
};

export const familyListMessages: FeatureMessages<typeof ja> = {
  ja,
  en: {
    sort: 'Order',
    searchOrder: 'Search results are in kana order',
    sorts: { in_town: 'In town and arriving first', kana: 'By name (kana)', recent: 'Recently changed' },
    columns: { family: 'Family', people: 'Members', stay: 'Stay', home: 'Home and phone' },
    age: '{{name}} ({{age}})',
    noAge: '{{name}}',
    separator: ', ',
    noMembers: 'No members entered',
    stay: {
      in_town: 'In town until {{departure}}',
      next: 'Next: {{arrival}} to {{departure}}',
      past: 'Last: {{arrival}} to {{departure}}',
    },
  },
};

import { featureMessages } from '../../i18n/define.ts';

/** 写真の取り込み: many photos from an SD card or a folder, each filed under a checklist item. */
const ja = {
  page: {
    title: '写真の取り込み',
    subtitle: '{{address}}・{{date}}の現地調査',
    back: '調査に戻る',
    intro:
      'SDカードやフォルダーから写真をまとめて選び、写真ごとに項目を決めて取り込みます。撮影日時と位置は写真の記録（EXIF）から読み取ります。',
  },
  pick: {
    files: '写真を選ぶ',
    folder: 'フォルダーを選ぶ',
    dropHint: 'ここに写真をまとめてドラッグしても追加できます（1枚30MBまで）',
    dropHere: 'ここにドロップして追加',
    reading: '{{count}}枚の撮影日時と位置を読み取っています…',
    noImages: '選んだ中に写真がありませんでした',
  },
  defaultItem: {
    label: '新しく追加する写真の項目',
  },
  item: {
    none: '項目なし（調査全体）',
    label: '「{{name}}」の項目',
  },
  bulk: {
    selectAll: 'すべて選択',
    selected: '{{count}}枚を選択中',
    itemLabel: '選択した写真の項目',
    apply: '選択した写真に適用',
    applied: '{{count}}枚の項目を「{{item}}」にしました',
  },
  grid: {
    label: '取り込む写真（撮影日時順）',
    count: '{{count}}枚',
    withoutExif: 'うち撮影情報なし {{count}}枚',
    select: '「{{name}}」を選択',
    remove: '外す',
    removeLabel: '「{{name}}」を取り込みから外す',
    noExif: '撮影情報なし',
    noExifHint: 'この写真には撮影日時も位置もありません',
    noTime: '撮影日時なし',
    noPosition: '位置情報なし',
    thumbFailed: '表示できない画像です',
    empty: 'まだ写真を選んでいません',
  },
  status: {
    ready: '未取り込み',
    uploading: '取り込み中…',
    done: '取り込み済み',
    duplicate: 'この調査に取り込み済みのため省略',
    failed: '取り込めませんでした：{{reason}}',
  },
  run: {
    start: '取り込む（{{count}}枚）',
    retry: '失敗した写真だけもう一度取り込む（{{count}}枚）',
    progress: '{{index}} / {{total}}枚目を取り込んでいます…',
    progressLabel: '取り込みの進み具合',
    summary: '{{done}}枚を取り込みました',
    summaryDuplicates: '{{done}}枚を取り込みました。{{duplicate}}枚はこの調査に取り込み済みのため省きました',
    someFailed: '{{failed}}枚を取り込めませんでした。理由を確かめて、外すか、もう一度取り込んでください',
    failedOne: '「{{name}}」：{{reason}}',
  },
};

const en = {
  page: {
    title: 'Import photos',
    subtitle: 'Inspection of {{address}} on {{date}}',
    back: 'Back to the inspection',
    intro:
      'Pick many photos from an SD card or a folder, choose an item for each, and import them. Capture time and position are read from each photo (EXIF).',
  },
  pick: {
    files: 'Choose photos',
    folder: 'Choose a folder',
    dropHint: 'You can also drag photos here (up to 30 MB each)',
    dropHere: 'Drop here to add',
    reading: 'Reading capture time and position of {{count}} photos…',
    noImages: 'There were no photos in what you chose',
  },
  defaultItem: {
    label: 'Item for newly added photos',
  },
  item: {
    none: 'No item (the whole inspection)',
    label: 'Item for “{{name}}”',
  },
  bulk: {
    selectAll: 'Select all',
    selected: '{{count}} selected',
    itemLabel: 'Item for the selected photos',
    apply: 'Apply to selected',
    applied: '{{count}} photos set to “{{item}}”',
  },
  grid: {
    label: 'Photos to import (by capture time)',
    count: '{{count}} photos',
    withoutExif: '{{count}} without capture data',
    select: 'Select “{{name}}”',
    remove: 'Remove',
    removeLabel: 'Remove “{{name}}” from the import',
    noExif: 'No capture data',
    noExifHint: 'This photo has neither a capture time nor a position',
    noTime: 'No capture time',
    noPosition: 'No position',
    thumbFailed: 'This image cannot be shown',
    empty: 'No photos chosen yet',
  },
  status: {
    ready: 'Not imported',
    uploading: 'Importing…',
    done: 'Imported',
    duplicate: 'Already on this inspection: skipped',
    failed: 'Could not import: {{reason}}',
  },
  run: {
    start: 'Import ({{count}})',
    retry: 'Import the failed ones again ({{count}})',
    progress: 'Importing photo {{index}} of {{total}}…',
    progressLabel: 'Import progress',
    summary: '{{done}} photos imported',
    summaryDuplicates:
      '{{done}} photos imported; {{duplicate}} were already on this inspection and were skipped',
    someFailed: '{{failed}} photos could not be imported. Check why, then remove them or import them again',
    failedOne: '“{{name}}”: {{reason}}',
  },
};

export const inspectionImportMessages = featureMessages(ja, en);

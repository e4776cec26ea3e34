import { featureMessages } from '../../i18n/define.ts';

/** The lock screen, the offline lock, the wiped notice, and their settings (docs/security.md). */
const ja = {
  locked: {
    title: 'ロック中',
    lead: 'この端末はロックされています。続けるにはパスコードを入力してください。ロック中も同期は続きます。',
    passcode: 'パスコード',
    unlock: 'ロックを解除',
    retryAfter: '{{seconds}}秒後にもう一度入力できます',
  },
  offline: {
    title: '記録をロックしています',
    lead: 'この端末は{{days}}日以上サーバーに接続していません。記録を守るため、同期するか、町の管理者から解除コードを受け取るまで記録を開けません。',
    lastContact: '最後の接続：{{when}}',
    never: '最後の接続：記録なし',
    syncNow: '今すぐ同期する',
    syncing: '同期しています…',
    syncFailed: '同期できませんでした。ネットワークを確認してください。',
    codeLabel: '解除コード（管理者から伝えられた英数字）',
    codeHint:
      '25文字（5文字ずつ5組）。区切りの「-」や空白、小文字・全角はあってもなくても構いません。コードは1回だけ使えます。',
    codePlaceholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
    submitCode: 'コードで解除',
  },
  wiped: {
    title: 'この端末のデータは消去されました',
    lostLead:
      '町の管理者がこの端末を紛失扱いにしたため、この端末に保存されていた記録・写真・バックアップ・登録情報を消去しました。',
    retiredLead:
      '町の管理者がこの端末を退役させたため、未送信の記録をサーバーへ送ったうえで、この端末のデータを消去しました。',
    next: '引き続き使う場合は、町の管理者に連絡してください。',
  },
  settings: {
    title: '画面ロック',
    lead: 'パスコードを設定すると、起動時・一定時間操作がないとき・ふたを閉じたときに画面をロックします。',
    none: 'パスコードはまだ設定されていません。',
    isSet: 'パスコードは設定済みです。',
    current: '現在のパスコード',
    passcode: '新しいパスコード（4文字以上）',
    confirm: '新しいパスコード（確認）',
    mismatch: '確認用のパスコードが一致しません',
    save: 'パスコードを保存',
    saved: 'パスコードを保存しました',
    lockNow: '今すぐロック',
    policy:
      '操作がない状態が{{minutes}}分続くとロックします。サーバーに{{days}}日以上接続しないと記録をロックします。',
  },
  town: {
    title: '町のロックの設定',
    lead: 'この設定は端末ごとではなく町のものです。町の管理者が設定し、同期で町のすべての端末に反映されます。',
    setByYou: '{{when}}にあなたが設定しました。',
    setByAdmin: '{{when}}に町の管理者（ID末尾 {{id}}）が設定しました。',
    defaults: '町の設定はまだありません。既定の値（{{minutes}}分・{{days}}日）を使っています。',
    note: 'メモ：{{note}}',
    readOnly: 'この設定を変更できるのは町の管理者だけです。',
    practice: '練習モードでは町の設定は変更できません。練習モードを終えてから変更してください。',
    idleMinutes: '操作がないときに画面をロックするまでの時間（分・1〜240）',
    offlineDays: 'サーバーに接続しないまま記録をロックするまでの日数（1〜365）',
    noteLabel: 'メモ（任意・変更の理由など）',
    save: '町の設定として保存',
    saved: '町のロックの設定を保存しました。次の同期で町のすべての端末に反映されます。',
  },
  setup: {
    passcode: '画面ロックのパスコード（4文字以上・任意）',
    passcodeHint: 'あとから「設定」でも設定できます。',
  },
};

const en = {
  locked: {
    title: 'Locked',
    lead: 'This computer is locked. Enter your passcode to continue. Sync carries on while locked.',
    passcode: 'Passcode',
    unlock: 'Unlock',
    retryAfter: 'You can try again in {{seconds}} s',
  },
  offline: {
    title: 'Records locked',
    lead: 'This computer has not reached the server for more than {{days}} days. To protect the records they stay closed until it syncs or you enter an unlock code from your town administrator.',
    lastContact: 'Last contact: {{when}}',
    never: 'Last contact: none recorded',
    syncNow: 'Sync now',
    syncing: 'Syncing…',
    syncFailed: 'Could not sync. Check the network.',
    codeLabel: 'Unlock code (letters and digits from your administrator)',
    codeHint:
      '25 characters (five groups of five). Dashes, spaces, lower case and full-width characters are all fine. A code works once.',
    codePlaceholder: 'XXXXX-XXXXX-XXXXX-XXXXX-XXXXX',
    submitCode: 'Unlock with code',
  },
  wiped: {
    title: "This computer's data has been erased",
    lostLead:
      "The town's administrator reported this computer lost, so the records, photos, backups and enrolment stored on it have been erased.",
    retiredLead:
      "The town's administrator retired this computer: what it had not sent went to the server first, then its data was erased.",
    next: "To keep using it, contact the town's administrator.",
  },
  settings: {
    title: 'Screen lock',
    lead: 'With a passcode the app locks when it starts, after a while without use and when the lid closes.',
    none: 'No passcode set yet.',
    isSet: 'A passcode is set.',
    current: 'Current passcode',
    passcode: 'New passcode (at least 4 characters)',
    confirm: 'New passcode again',
    mismatch: 'The two passcodes differ',
    save: 'Save passcode',
    saved: 'Passcode saved',
    lockNow: 'Lock now',
    policy:
      'The app locks after {{minutes}} minutes without use. The records lock after {{days}} days without reaching the server.',
  },
  town: {
    title: "The town's lock settings",
    lead: 'These settings belong to the town, not to this computer. A town administrator sets them and sync applies them on every computer of the town.',
    setByYou: 'You set them on {{when}}.',
    setByAdmin: 'A town administrator (ID ending {{id}}) set them on {{when}}.',
    defaults: 'The town has not set them yet: the defaults apply ({{minutes}} minutes, {{days}} days).',
    note: 'Note: {{note}}',
    readOnly: 'Only a town administrator can change these settings.',
    practice: 'The town’s settings cannot be changed in practice mode. End practice mode first.',
    idleMinutes: 'Minutes without use before the screen locks (1–240)',
    offlineDays: 'Days without reaching the server before the records lock (1–365)',
    noteLabel: 'Note (optional, e.g. why it changed)',
    save: "Save as the town's settings",
    saved: "The town's lock settings are saved. The next sync applies them on every computer of the town.",
  },
  setup: {
    passcode: 'Screen-lock passcode (at least 4 characters, optional)',
    passcodeHint: 'You can also set it later in Settings.',
  },
};

export const lockMessages = featureMessages(ja, en);

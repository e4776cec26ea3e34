import type { FeatureMessages } from '../../i18n/define.ts';

/** The laptop itself: roles, practice mode, touch and layout preferences. */
const ja = {
  roles: {
    legend: '役割',
    chooseLead: 'この端末を使う方の役割を選んでください。役割によって見られる情報が変わります。',
    unlocks: {
      coordinator: '家族・滞在・日々の記録。子どものアレルギー・配慮事項も見られます（閲覧は記録されます）。',
      surveyor: '空き家の調査と台帳。家族のアレルギー・配慮事項は見られません。',
      town_admin:
        'コーディネーターと同じ操作に加え、町の管理（端末の登録コードの発行はサーバーで行います）。',
      consortium_admin: '町をまたいだ集計だけを扱います。個人の記録は見られません。',
    },
    beforeEnrol:
      'サーバーに登録するまでは、この端末で役割を変えられます。変更は監査記録に残ります。登録後は、役割はサーバー（自治体管理者）が決めます。',
    fromServer:
      'この端末はサーバーに登録済みです。役割はサーバー（自治体管理者）が決めるため、ここでは変更できません。',
    consortiumNote: 'コンソーシアム管理者は端末では選べません（サーバーで管理します）。',
  },
  practice: {
    title: '練習モード',
    lead: '操作の練習やデモのために、架空の町のデータを別の練習用データベースに読み込みます。本番の記録はそのまま残り、練習中は開かれません。練習用のデータはサーバーに送られません。',
    start: 'サンプルデータを読み込む',
    confirmTitle: '練習モードを始めますか？',
    confirmBody:
      '練習用のデータベースに切り替えます。本番の記録はそのまま保存され、「練習を終える」で元に戻ります。練習中はサーバーへの登録・同期はできません。',
    confirm: '練習モードを始める',
    cancel: 'やめる',
    bannerLabel: '練習モード中',
    banner: '架空の町のデータを表示しています。本番の記録は保存されたままです。',
    end: '練習を終える',
    ending: '本番の記録に戻しています…',
    ended: '練習を終えました。本番の記録に戻りました。',
    active: '練習モード中です。',
  },
  display: {
    title: '画面と操作',
    touch: 'タッチ操作用の大きなボタン',
    touchAuto: '自動（タッチ画面なら大きく）',
    touchOn: 'いつも大きく',
    touchOff: '使わない',
    navCollapse: 'メニューをたたむ',
    navExpand: 'メニューを開く',
    pickDate: 'カレンダーから選ぶ',
  },
};

export const deviceMessages: FeatureMessages<typeof ja> = {
  ja,
  en: {
    roles: {
      legend: 'Role',
      chooseLead: 'Choose the role of the person using this computer. The role decides what they can see.',
      unlocks: {
        coordinator:
          "Families, stays and daily check-ins. Can also read children's allergies and care notes (each reading is logged).",
        surveyor: "Vacant-house surveys and the register. Cannot read families' allergies or care notes.",
        town_admin:
          'Everything a coordinator can do, plus managing the town (enrolment codes are issued on the server).',
        consortium_admin: 'Cross-town totals only. Cannot see personal records.',
      },
      beforeEnrol:
        'Until this computer is enrolled with the server, the role can be changed here; each change is written to the audit log. Once enrolled, the server (the town administrator) decides the role.',
      fromServer:
        'This computer is enrolled with the server. The role is decided there (by the town administrator) and cannot be changed here.',
      consortiumNote:
        'Consortium administrators cannot be chosen on a computer (they are managed on the server).',
    },
    practice: {
      title: 'Practice mode',
      lead: 'For practice and demonstrations, loads a fictional town into a separate practice database. Your real records stay as they are and are not opened while practising. Practice data is never sent to the server.',
      start: 'Load sample data',
      confirmTitle: 'Start practice mode?',
      confirmBody:
        'The app switches to a practice database. Your real records stay saved and come back with “End practice”. Enrolment and sync are not available while practising.',
      confirm: 'Start practice mode',
      cancel: 'Cancel',
      bannerLabel: 'Practice mode on',
      banner: 'Showing a fictional town. Your real records are kept safe.',
      end: 'End practice',
      ending: 'Returning to your real records…',
      ended: 'Practice ended. Your real records are back.',
      active: 'Practice mode is on.',
    },
    display: {
      title: 'Screen and input',
      touch: 'Large buttons for touch',
      touchAuto: 'Automatic (large on a touch screen)',
      touchOn: 'Always large',
      touchOff: 'Off',
      navCollapse: 'Collapse menu',
      navExpand: 'Expand menu',
      pickDate: 'Pick from a calendar',
    },
  },
};

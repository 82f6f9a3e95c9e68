// UI labels in the languages webio ships. The language comes from the page config (`lang`)
// or else the first supported entry of navigator.languages; English is the fallback.

type Labels = {
  submit: string; reset: string; cancel: string; close: string;
  closed: string; closedMark: string; reload: string; reconnecting: string;
  pleaseSelect: string; search: string; noMatch: string;
  chooseFile: string; filesSelected: string; fileTooLarge: string; totalTooLarge: string;
  required: string; reading: string; uploading: string; loading: string; fullscreenHint: string;
  tooLarge: string; tooLargeForServer: string;
};

const LABELS: { [lang: string]: Labels } = {
  en: {
    submit: 'Submit', reset: 'Reset', cancel: 'Cancel', close: 'Close',
    closed: 'The session has ended. Reload the page to start again.', closedMark: 'closed',
    reload: 'Reload', reconnecting: 'Connection lost. Reconnecting…',
    pleaseSelect: 'Please select', search: 'Search…', noMatch: 'No match',
    chooseFile: 'Choose file', filesSelected: '{n} files selected',
    fileTooLarge: '{name} is larger than the limit of {limit}',
    totalTooLarge: 'The files together are larger than the limit of {limit}',
    required: 'Please fill in this field.',
    reading: 'Reading files… {p}%', uploading: 'Uploading… {p}%', loading: 'Loading…',
    fullscreenHint: 'Esc or F11: toggle full screen',
    tooLarge: 'That was too large to send (limit {limit}); nothing was submitted.',
    tooLargeForServer: 'That was too large to send; nothing was submitted.',
  },
  zh: {
    submit: '提交', reset: '重置', cancel: '取消', close: '关闭',
    closed: '会话已结束，刷新页面即可重新开始。', closedMark: '已结束',
    reload: '刷新', reconnecting: '连接已断开，正在重新连接…',
    pleaseSelect: '请选择', search: '搜索…', noMatch: '没有匹配项',
    chooseFile: '选择文件', filesSelected: '已选择 {n} 个文件',
    fileTooLarge: '{name} 超过了大小上限 {limit}',
    totalTooLarge: '所选文件的总大小超过了上限 {limit}',
    required: '请填写此字段。',
    reading: '正在读取文件… {p}%', uploading: '正在上传… {p}%', loading: '加载中…',
    fullscreenHint: '按 Esc 或 F11 切换全屏',
    tooLarge: '内容太大，无法发送（上限 {limit}）；没有提交任何内容。',
    tooLargeForServer: '内容太大，无法发送；没有提交任何内容。',
  },
  ru: {
    submit: 'Отправить', reset: 'Сбросить', cancel: 'Отмена', close: 'Закрыть',
    closed: 'Сеанс завершён. Обновите страницу, чтобы начать заново.', closedMark: 'завершено',
    reload: 'Обновить', reconnecting: 'Соединение потеряно. Переподключение…',
    pleaseSelect: 'Выберите значение', search: 'Поиск…', noMatch: 'Ничего не найдено',
    chooseFile: 'Выберите файл', filesSelected: 'Выбрано файлов: {n}',
    fileTooLarge: 'Файл {name} больше допустимого размера {limit}',
    totalTooLarge: 'Общий размер файлов больше допустимого: {limit}',
    required: 'Заполните это поле.',
    reading: 'Чтение файлов… {p}%', uploading: 'Отправка… {p}%', loading: 'Загрузка…',
    fullscreenHint: 'Esc или F11: полноэкранный режим',
    tooLarge: 'Слишком большой объём для отправки (предел {limit}); ничего не отправлено.',
    tooLargeForServer: 'Слишком большой объём для отправки; ничего не отправлено.',
  },
  de: {
    submit: 'Absenden', reset: 'Zurücksetzen', cancel: 'Abbrechen', close: 'Schließen',
    closed: 'Die Sitzung ist beendet. Laden Sie die Seite neu, um neu zu beginnen.', closedMark: 'beendet',
    reload: 'Neu laden', reconnecting: 'Verbindung verloren. Neuer Verbindungsversuch…',
    pleaseSelect: 'Bitte auswählen', search: 'Suchen…', noMatch: 'Keine Treffer',
    chooseFile: 'Datei auswählen', filesSelected: '{n} Dateien ausgewählt',
    fileTooLarge: '{name} ist größer als die Obergrenze von {limit}',
    totalTooLarge: 'Die Dateien sind zusammen größer als die Obergrenze von {limit}',
    required: 'Bitte füllen Sie dieses Feld aus.',
    reading: 'Dateien werden gelesen… {p} %', uploading: 'Wird hochgeladen… {p} %', loading: 'Wird geladen…',
    fullscreenHint: 'Esc oder F11: Vollbild ein/aus',
    tooLarge: 'Das war zu groß zum Senden (Obergrenze {limit}); es wurde nichts übermittelt.',
    tooLargeForServer: 'Das war zu groß zum Senden; es wurde nichts übermittelt.',
  },
  fa: {
    submit: 'ارسال', reset: 'بازنشانی', cancel: 'لغو', close: 'بستن',
    closed: 'این نشست به پایان رسیده است. برای شروع دوباره، صفحه را بازخوانی کنید.', closedMark: 'پایان‌یافته',
    reload: 'بازخوانی', reconnecting: 'اتصال قطع شد. در حال اتصال دوباره…',
    pleaseSelect: 'لطفاً انتخاب کنید', search: 'جستجو…', noMatch: 'موردی پیدا نشد',
    chooseFile: 'انتخاب فایل', filesSelected: '{n} فایل انتخاب شد',
    fileTooLarge: 'اندازهٔ {name} از حد مجاز {limit} بیشتر است',
    totalTooLarge: 'مجموع اندازهٔ فایل‌ها از حد مجاز {limit} بیشتر است',
    required: 'لطفاً این فیلد را پر کنید.',
    reading: 'در حال خواندن فایل‌ها… {p}٪', uploading: 'در حال ارسال… {p}٪', loading: 'در حال بارگیری…',
    fullscreenHint: 'Esc یا F11: حالت تمام‌صفحه',
    tooLarge: 'این برای ارسال بیش از حد بزرگ بود (حد مجاز {limit})؛ چیزی ارسال نشد.',
    tooLargeForServer: 'این برای ارسال بیش از حد بزرگ بود؛ چیزی ارسال نشد.',
  },
};

const RTL = new Set(['fa']);

let current: Labels = LABELS.en;
let currentLang = 'en';

/** Picks the UI language: the forced one if given and known, else the browser's preference. */
export function chooseLanguage(forced: string | null | undefined, preferred: readonly string[]): string {
  const candidates = forced ? [forced, ...preferred] : preferred;
  for (const tag of candidates) {
    const base = String(tag).toLowerCase().split(/[-_]/)[0];
    if (base in LABELS) return base;
  }
  return 'en';
}

/**
 * Sets the UI language and the page's lang/dir attributes; with `stylesheets`, also links the
 * stylesheet made for that direction in place of the page's (#webio-stylesheet).
 */
export function setLanguage(lang: string, stylesheets?: { ltr: string; rtl: string } | null): void {
  currentLang = lang in LABELS ? lang : 'en';
  current = LABELS[currentLang];
  const dir = RTL.has(currentLang) ? 'rtl' : 'ltr';
  document.documentElement.lang = currentLang;
  document.documentElement.dir = dir;
  if (stylesheets) useStylesheet(stylesheets[dir]);
}

/** Replaces #webio-stylesheet by `href` once the new file has loaded, so the page is never unstyled. */
function useStylesheet(href: string): void {
  const old = document.getElementById('webio-stylesheet');
  if (!(old instanceof HTMLLinkElement) || old.getAttribute('href') === href) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.addEventListener('load', () => {
    old.remove();
    link.id = 'webio-stylesheet';
  });
  link.addEventListener('error', () => link.remove());
  old.after(link);
}

export function language(): string {
  return currentLang;
}

/** A UI label with {placeholders} filled in. */
export function t(key: keyof Labels, vars?: { [name: string]: string | number }): string {
  let text = current[key];
  if (vars) {
    for (const name in vars) text = text.split(`{${name}}`).join(String(vars[name]));
  }
  return text;
}

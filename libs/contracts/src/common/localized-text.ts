/** Text a person reads, in both first-class languages. The one type for it across the platform. */
export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

/** Makes a LocalizedText: English first, then Simplified Chinese. */
export function localized(en: string, zhCN: string): LocalizedText {
  return { en, 'zh-CN': zhCN };
}

import { en, type Messages } from './en';
export const lv: Messages = { ...en };

// Input items: one class per input type, shared by forms (input_group) and pin widgets.
//
// Every item renders the same frame (itemBase.ts): label, control, invalid/valid feedback, help text.
// Option and button values on the wire are indexes (docs/protocol.md); labels are text.
// Each kind of item lives in its own module; this one picks the class for a spec.

import { ActionsItem } from './actionsItem';
import { CheckItem, SearchSelectItem, SelectItem } from './choiceItems';
import { FileItem, type UploadedFile } from './fileItem';
import { InputItem, type ItemHost, type OptionSpec } from './itemBase';
import { SliderItem } from './sliderItem';
import { TextareaItem, TextItem } from './textItems';

/** Creates the item for an input spec (unknown types fall back to a text input). */
export function createItem(spec: any, host: ItemHost): InputItem {
  let item: InputItem;
  switch (spec.type) {
    case 'textarea': item = new TextareaItem(spec, host); break;
    case 'select': item = spec.native === false ? new SearchSelectItem(spec, host) : new SelectItem(spec, host); break;
    case 'checkbox':
    case 'radio': item = new CheckItem(spec, host); break;
    case 'actions': item = new ActionsItem(spec, host); break;
    case 'file': item = new FileItem(spec, host); break;
    case 'slider': item = new SliderItem(spec, host); break;
    default: item = new TextItem(spec, host);
  }
  item.init();
  return item;
}

export { ActionsItem, FileItem, InputItem };
export type { ItemHost, OptionSpec, UploadedFile };

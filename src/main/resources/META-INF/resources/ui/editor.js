// The KIE DMN editor (Apache-2.0, npm @kie-tools/dmn-editor-standalone), copied into vendor/ by the Maven build.
// Its bundle is 11.7 MB, so it is loaded the first time an editor opens, never with the other pages.

const BUNDLE = '/ui/vendor/dmn-editor/index.js';
let loading = null;
let current = null;

function load() {
  if (window.DmnEditor) return Promise.resolve(window.DmnEditor);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = BUNDLE;
    script.onload = () => resolve(window.DmnEditor);
    script.onerror = () => { loading = null; reject(new Error(`The DMN editor could not be loaded from ${BUNDLE}`)); };
    document.body.append(script);
  });
  return loading;
}

/** Opens {@code xml} (the file dmn/{@code model}.dmn) in {@code container}, closing any editor open before. */
export async function openEditor(container, model, xml, onError) {
  const DmnEditor = await load();
  closeEditor();
  current = DmnEditor.open({
    container,
    initialContent: Promise.resolve(xml),
    initialFileNormalizedPosixPathRelativeToTheWorkspaceRoot: `${model}.dmn`,
    readOnly: false,
    origin: window.location.origin,
    resources: new Map(),
    onError: onError || (() => {}),
  });
  return current;
}

export function closeEditor() {
  if (current) current.close();
  current = null;
}

/** The open editor's DMN XML as it would be saved; null when no editor is open. */
export function editorContent() {
  return current ? current.getContent() : Promise.resolve(null);
}

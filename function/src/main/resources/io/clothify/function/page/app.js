// The page that tries the API: sends a photo (file, drop, paste, camera) or an image URL to POST predict and shows
// the answer. Plain DOM code, no inline script (the Content-Security-Policy forbids it); text goes in with
// textContent only, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const percent = (p) => (p * 100).toFixed(1) + '%';
let shownUrl = null;

function describeError(status, json) {
  const hint = status === 403
    ? ' If this API requires signed (IAM) requests, a browser page cannot make them: use the page on the local'
      + ' server, or a stack deployed in the open mode.'
    : '';
  if (json && typeof json.message === 'string') {
    const code = typeof json.error === 'string' ? json.error + ', ' : '';
    return json.message + ' (' + code + 'HTTP ' + status + ').' + hint;
  }
  return 'The API answered HTTP ' + status + '.' + hint;
}

async function call(path, options) {
  let response;
  try {
    response = await fetch(path, Object.assign({ cache: 'no-store' }, options));
  } catch (e) {
    throw new Error('Could not reach the API (' + e.message + '). Is the server still running?');
  }
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch (e) {
    json = null;
  }
  if (!response.ok || json === null) {
    throw new Error(response.ok ? 'The API answered something that is not JSON.' : describeError(response.status, json));
  }
  return json;
}

function showModel(model) {
  if (model && model.name) {
    $('model').textContent = 'Model: ' + model.name + ', version ' + model.version;
  }
}

function setBusy(busy, message) {
  document.body.classList.toggle('busy', busy);
  for (const control of document.querySelectorAll('input, button')) {
    control.disabled = busy;
  }
  $('status').textContent = message;
}

function showPhoto(src, caption) {
  if (shownUrl) {
    URL.revokeObjectURL(shownUrl);
    shownUrl = null;
  }
  if (src.startsWith('blob:')) {
    shownUrl = src;
  }
  const photo = $('photo');
  photo.hidden = false;
  photo.src = src;
  $('caption').textContent = caption;
}

function showAnswer(answer) {
  $('label').textContent = answer.label;
  $('probability').textContent = '(' + percent(answer.probability) + ')';
  const bars = $('bars');
  bars.replaceChildren();
  for (const p of answer.predictions) {
    const item = document.createElement('li');
    item.className = p.label === answer.label ? 'bar top-class' : 'bar';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.label;
    const track = document.createElement('span');
    track.className = 'track';
    track.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.className = 'fill';
    fill.style.width = (p.probability * 100).toFixed(2) + '%';
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = percent(p.probability);
    item.append(name, track, value);
    bars.append(item);
  }
  showModel(answer.model);
  $('result').hidden = false;
  // On a phone the answer is below the photo controls: bring it into view.
  const heading = $('result-heading');
  if (heading.getBoundingClientRect().top > window.innerHeight) {
    heading.scrollIntoView({ block: 'start' });
  }
}

async function classify(body, contentType, photoSrc, caption) {
  $('error').hidden = true;
  $('result').hidden = true;
  showPhoto(photoSrc, caption);
  setBusy(true, 'Classifying…');
  try {
    const answer = await call('predict', { method: 'POST', headers: { 'Content-Type': contentType }, body });
    showAnswer(answer);
    const image = answer.image;
    setBusy(false, 'Classified in ' + answer.elapsed_ms + ' ms'
      + (image ? ' (' + image.format + ', ' + image.width + '×' + image.height + ' pixels).' : '.'));
  } catch (e) {
    setBusy(false, 'The photo was not classified.');
    $('error').textContent = e.message;
    $('error').hidden = false;
  }
}

function classifyFile(file) {
  if (!file) {
    return;
  }
  // The raw bytes, as they are: the API reads the format from the bytes themselves.
  classify(file, 'application/octet-stream', URL.createObjectURL(file), file.name || 'Pasted image');
}

function classifyUrl(url) {
  $('url').value = url;
  classify(JSON.stringify({ url: url }), 'application/json', url, url);
}

function firstImage(items) {
  for (const item of items || []) {
    const file = item.getAsFile ? item.getAsFile() : item;
    if (file && file.type.startsWith('image/')) {
      return file;
    }
  }
  return null;
}

function wire() {
  for (const id of ['file', 'camera']) {
    $(id).addEventListener('change', (e) => {
      classifyFile(e.target.files[0]);
      e.target.value = '';
    });
  }
  $('url-form').addEventListener('submit', (e) => {
    e.preventDefault();
    classifyUrl($('url').value.trim());
  });
  $('photo').addEventListener('error', () => {
    $('photo').hidden = true;
  });

  // The whole page takes drops (a file dropped beside the zone would otherwise open in the tab).
  const drop = $('drop');
  document.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  document.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) {
      drop.classList.remove('over');
    }
  });
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = firstImage(e.dataTransfer.files);
    const url = e.dataTransfer.getData('text/uri-list').split('\n').find((l) => /^https?:/.test(l));
    if (file) {
      classifyFile(file);
    } else if (url) {
      classifyUrl(url.trim());
    }
  });
  document.addEventListener('paste', (e) => {
    const file = firstImage(e.clipboardData && e.clipboardData.items);
    if (file) {
      e.preventDefault();
      classifyFile(file);
    }
  });

  call('health', {}).then((health) => showModel(health.model)).catch((e) => {
    $('model').textContent = 'Model: unknown. ' + e.message;
  });
}

wire();

// Autosave for a draft case note: a progressive enhancement of a form that works without it.
//
// - Every few seconds of typing, the form is posted to the autosave endpoint, which saves the draft and
//   answers with its id. The first save of a new note creates the draft; the page then becomes its edit page.
// - Until the server has the text, it is kept in this browser (localStorage), under the user's id and the
//   note's. If the session has expired (the endpoint answers with a redirect to the sign-in page), the text
//   stays here, and is put back into the form when the user signs in again and comes back to the note.
// - What is kept here is removed as soon as the server has it, and anything older than a day is dropped.
//
// No inline script and no eval: it runs under a strict content security policy.

const PREFIX = 'carefile:note-draft:'
const MAX_AGE_MS = 24 * 60 * 60 * 1000
const QUIET_MS = 2000 // save this long after the last keystroke…
const MOST_MS = 5000 // …and at least this often while typing goes on
const SKIP = new Set(['csrfmiddlewaretoken', 'person_id', 'note_id'])

const form = document.querySelector('form[data-autosave-url]')
if (form) autosave(form)

function storage () {
  try {
    const s = window.localStorage
    s.setItem(PREFIX + 'test', '1')
    s.removeItem(PREFIX + 'test')
    return s
  } catch (e) {
    return null
  }
}

function autosave (form) {
  const url = form.dataset.autosaveUrl
  const userId = form.dataset.userId
  const personId = form.dataset.personId
  const serverUpdatedAt = Number(form.dataset.updatedAt || 0)
  const status = document.getElementById('autosave-status')
  const restoredNotice = document.getElementById('autosave-restored')
  const noteInput = form.querySelector('input[name="note_id"]')
  const store = storage()

  let noteId = form.dataset.noteId || ''
  let dirty = false
  let inFlight = false
  let stopped = false
  let quietTimer = null
  let mostTimer = null

  const keyFor = (id) => PREFIX + userId + ':' + (id || 'new-' + personId)
  let key = keyFor(noteId)

  dropOldCopies()
  restore()
  // Signing out (carefile/sign-out.js) sends what is typed to the server before it clears this browser's copy.
  window.carefileNoteAutosave = { flush: flush }

  form.addEventListener('input', changed)
  form.addEventListener('change', changed)
  form.addEventListener('submit', () => {
    // The server is about to get everything; if it was already saved, nothing needs keeping here.
    if (!dirty && !inFlight) forget()
    else keep()
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') save({ keepalive: true })
  })

  function values () {
    const out = {}
    for (const [name, value] of new FormData(form).entries()) {
      if (SKIP.has(name)) continue
      if (!out[name]) out[name] = []
      out[name].push(String(value))
    }
    return out
  }

  function keep () {
    if (!store) return
    try {
      store.setItem(key, JSON.stringify({ values: values(), changedAt: Date.now() }))
    } catch (e) { /* storage full: the server copy is all there is */ }
  }

  function forget () {
    if (store) store.removeItem(key)
  }

  function dropOldCopies () {
    if (!store) return
    const now = Date.now()
    for (let i = store.length - 1; i >= 0; i--) {
      const k = store.key(i)
      if (!k || !k.startsWith(PREFIX)) continue
      try {
        const item = JSON.parse(store.getItem(k))
        if (!item || now - item.changedAt > MAX_AGE_MS) store.removeItem(k)
      } catch (e) {
        store.removeItem(k)
      }
    }
  }

  function restore () {
    if (!store) return
    let item = null
    try { item = JSON.parse(store.getItem(key)) } catch (e) { item = null }
    if (!item || !item.values) return
    if (item.changedAt <= serverUpdatedAt) { forget(); return } // the server has something newer
    for (const element of Array.from(form.elements)) {
      const name = element.name
      if (!name || SKIP.has(name) || !(name in item.values)) {
        if (name && (element.type === 'checkbox' || element.type === 'radio') && !SKIP.has(name)) {
          element.checked = false
        }
        continue
      }
      const kept = item.values[name]
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = kept.includes(element.value)
      } else if (element.tagName !== 'BUTTON') {
        element.value = kept[0] || ''
      }
    }
    // Radios with conditional parts need to know their state changed.
    form.querySelectorAll('input[type=radio]:checked').forEach((el) => el.dispatchEvent(new Event('click')))
    if (restoredNotice) restoredNotice.hidden = false
    dirty = true
    schedule(0)
  }

  function changed (event) {
    if (event && event.target && SKIP.has(event.target.name)) return
    dirty = true
    keep()
    if (!stopped) schedule(QUIET_MS)
  }

  function schedule (quiet) {
    clearTimeout(quietTimer)
    quietTimer = setTimeout(save, quiet)
    if (!mostTimer) mostTimer = setTimeout(save, MOST_MS)
  }

  function say (text, link) {
    if (!status) return
    status.textContent = text
    if (link) {
      status.append(' ')
      const a = document.createElement('a')
      a.className = 'govuk-link'
      a.href = link.href
      a.textContent = link.text
      status.append(a)
    }
  }

  function signInLink () {
    // After the first save the address is already the draft's own page (see adopt).
    const path = window.location.pathname
    return { href: form.dataset.signInUrl + '?next=' + encodeURIComponent(path), text: 'Sign in again' }
  }

  function adopt (result) {
    if (noteId || !result.note_id) return
    noteId = String(result.note_id)
    if (noteInput) noteInput.value = noteId
    const newKey = keyFor(noteId)
    if (store) {
      const kept = store.getItem(key)
      store.removeItem(key)
      if (kept) store.setItem(newKey, kept)
    }
    key = newKey
    form.setAttribute('action', result.edit_url) // not form.action: the buttons named "action" shadow it
    window.history.replaceState(null, '', result.edit_url)
  }

  async function flush () {
    for (let waited = 0; inFlight && waited < 2000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await save()
  }

  async function save (options = {}) {
    clearTimeout(quietTimer)
    clearTimeout(mostTimer)
    quietTimer = mostTimer = null
    if (!dirty || inFlight || stopped) return
    inFlight = true
    dirty = false
    const sent = JSON.stringify(values())
    const body = new FormData(form)
    let response
    try {
      response = await fetch(url, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        redirect: 'manual',
        keepalive: Boolean(options.keepalive),
        headers: { Accept: 'application/json', 'X-CSRFToken': body.get('csrfmiddlewaretoken') || '' }
      })
    } catch (e) {
      inFlight = false
      dirty = true
      say('Your draft could not be saved just now: check your connection. What you typed is kept on this device.')
      schedule(MOST_MS)
      return
    }
    inFlight = false
    if (response.type === 'opaqueredirect' || response.status === 401 || response.redirected) {
      // Signed out: the session expired. Keep everything here until they are back.
      dirty = true
      stopped = true
      keep()
      say('You have been signed out, so your latest changes are not saved yet. They are kept on this device.', signInLink())
      return
    }
    if (response.status === 409) {
      stopped = true
      forget()
      say('This note has been finalised, so it can no longer be changed.')
      return
    }
    if (!response.ok) {
      dirty = true
      stopped = true
      keep()
      say('Your draft could not be saved. What you typed is kept on this device: reload the page to carry on.')
      return
    }
    const result = await response.json()
    adopt(result)
    if (JSON.stringify(values()) === sent && !dirty) forget()
    say(result.saved_label || 'Draft saved')
    if (dirty) schedule(QUIET_MS)
  }
}

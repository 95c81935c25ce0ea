// The compose page: TinyMCE on the body, image uploads, the cover picker and the attachments list. Uploads go to
// POST /api/v1/media with the page's session and CSRF token; the form then carries media ids, never bytes.
(function () {
  'use strict';

  var config = window.TONGFA_EDITOR || {messages: {}};
  var messages = config.messages || {};

  function t(key) {
    var text = messages[key] || key;
    for (var i = 1; i < arguments.length; i++) {
      text = text.replace('{' + (i - 1) + '}', arguments[i]);
    }
    return text;
  }

  function csrf() {
    var input = document.querySelector('#item-form input[name="_csrf"]');
    return input ? input.value : '';
  }

  function humanSize(bytes) {
    if (bytes == null || isNaN(bytes)) {
      return '';
    }
    if (bytes < 1024) {
      return bytes + ' B';
    }
    if (bytes < 1024 * 1024) {
      return (bytes / 1024).toFixed(0) + ' KB';
    }
    return (bytes / 1024 / 1024).toFixed(1) + ' MB';
  }

  function typeLabel(contentType, name) {
    var types = {
      'application/pdf': 'PDF', 'application/ofd': 'OFD', 'application/msword': 'DOC',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
      'application/vnd.ms-excel': 'XLS', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
      'application/zip': 'ZIP', 'image/jpeg': 'JPG', 'image/png': 'PNG', 'image/gif': 'GIF'
    };
    if (contentType && types[contentType]) {
      return types[contentType];
    }
    var dot = name ? name.lastIndexOf('.') : -1;
    return dot > 0 ? name.substring(dot + 1).toUpperCase() : t('fileGeneric');
  }

  // What the editor should do next, by what went wrong: the API's own sentence first, then the way out.
  function problemMessage(xhr, name) {
    if (xhr.status === 0) {
      return t('uploadNetwork', name);
    }
    if (xhr.responseURL && new URL(xhr.responseURL).pathname === '/login') {
      return t('uploadSession');
    }
    var detail = null;
    try {
      var problem = JSON.parse(xhr.responseText);
      detail = problem.detail || problem.title;
      if (problem.errors && problem.errors.length) {
        detail = problem.errors.map(function (e) { return e.message || e.detail; }).filter(Boolean).join('；') || detail;
      }
    } catch (ignored) {
      detail = null;
    }
    var next = xhr.status === 413 ? t('uploadTooLarge')
      : xhr.status === 401 || xhr.status === 403 ? t('uploadSession')
        : xhr.status >= 500 ? t('uploadLater') : t('uploadCheckType');
    return (detail ? detail + ' ' : t('uploadFailed', name) + ' ') + next;
  }

  /** Uploads one file; resolves with the media ({id, url, contentType, size, …}), rejects with a message. */
  function upload(file, name, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/v1/media');
      xhr.setRequestHeader('X-CSRF-TOKEN', csrf());
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) {
          onProgress(Math.round(event.loaded / event.total * 100));
        }
      };
      xhr.onload = function () {
        var redirectedToLogin = xhr.responseURL && new URL(xhr.responseURL).pathname === '/login';
        if (xhr.status >= 200 && xhr.status < 300 && !redirectedToLogin) {
          try {
            var media = JSON.parse(xhr.responseText);
            media.name = media.name || media.originalName || name;
            media.url = '/media/' + encodeURIComponent(media.id);
            onProgress(100);
            resolve(media);
          } catch (e) {
            reject(t('uploadFailed', name) + ' ' + t('uploadLater'));
          }
        } else {
          reject(problemMessage(xhr, name));
        }
      };
      xhr.onerror = function () { reject(problemMessage(xhr, name)); };
      var data = new FormData();
      data.append('file', file, name);
      xhr.send(data);
    });
  }

  function announce(region, text) {
    if (!region) {
      return;
    }
    // Cleared first so that the same sentence twice is read twice.
    region.textContent = '';
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  /** A row with a progressbar for one upload, in the container given; returns its controls. */
  function progressRow(container, name) {
    var row = document.createElement('div');
    row.className = 'upload-row';
    var label = document.createElement('span');
    label.className = 'upload-name';
    label.textContent = name;
    var bar = document.createElement('div');
    bar.className = 'progress';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-valuenow', '0');
    bar.setAttribute('aria-label', t('uploadingNamed', name));
    var fill = document.createElement('div');
    fill.className = 'progress-fill';
    bar.appendChild(fill);
    var pct = document.createElement('span');
    pct.className = 'upload-pct';
    pct.textContent = '0%';
    row.appendChild(label);
    row.appendChild(bar);
    row.appendChild(pct);
    container.appendChild(row);
    return {
      row: row,
      progress: function (value) {
        bar.setAttribute('aria-valuenow', String(value));
        fill.style.width = value + '%';
        pct.textContent = value + '%';
      },
      done: function () {
        row.remove();
      },
      failed: function (message) {
        row.classList.add('failed');
        bar.remove();
        pct.remove();
        var error = document.createElement('p');
        error.className = 'field-error';
        error.setAttribute('role', 'alert');
        error.textContent = message;
        row.appendChild(error);
        var dismiss = document.createElement('button');
        dismiss.type = 'button';
        dismiss.className = 'small subtle';
        dismiss.textContent = t('dismiss');
        dismiss.addEventListener('click', function () { row.remove(); });
        row.appendChild(dismiss);
      }
    };
  }

  // ---- the body editor ----

  function initEditor(textarea) {
    if (!window.tinymce) {
      return; // the page still works as a plain HTML textarea
    }
    var status = document.getElementById('body-upload-status');
    var live = document.getElementById('body-upload-live');
    var chinese = config.lang !== 'en';
    window.tinymce.init({
      target: textarea,
      base_url: '/webjars/tinymce',
      suffix: '.min',
      language: chinese ? 'zh_CN' : undefined,
      language_url: chinese ? '/js/tinymce-zh_CN.js' : undefined,
      skin: 'oxide',
      content_css: 'default',
      content_style: 'body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;'
        + ' font-size: 16px; line-height: 1.8; margin: 1rem 1.25rem; }'
        + ' table { border-collapse: collapse; } td, th { border: 1px solid #b8c1cc; padding: 4px 8px; }'
        + ' td > p, th > p { margin: 0; }'
        + ' img { max-width: 100%; height: auto; }',
      promotion: false,
      branding: false,
      menubar: false,
      toolbar_mode: 'wrap',
      statusbar: true,
      elementpath: false,
      height: 480,
      plugins: 'lists link image table wordcount autolink code',
      toolbar: 'undo redo | blocks | bold italic underline | alignleft aligncenter alignright alignjustify'
        + ' | bullist numlist outdent indent | link image table | removeformat code',
      block_formats: 'Paragraph=p; Heading 1=h1; Heading 2=h2; Heading 3=h3; Heading 4=h4',
      table_default_attributes: {},
      // Colours, borders and spacing would not survive the sanitiser; the dialogs offer only what does.
      table_advtab: false,
      table_cell_advtab: false,
      table_row_advtab: false,
      table_appearance_options: false,
      table_default_styles: {'border-collapse': 'collapse', width: '100%'},
      image_dimensions: false,
      image_description: true,
      automatic_uploads: true,
      paste_data_images: true,
      images_file_types: 'jpeg,jpg,png,gif',
      // Chromium's own paste styles: keep only what the sanitiser keeps, so nothing is lost twice.
      paste_webkit_styles: 'text-align font-weight text-indent',
      relative_urls: false,
      convert_urls: false,
      images_upload_handler: function (blobInfo, progress) {
        var name = blobInfo.filename() || 'image.png';
        var row = progressRow(status, name);
        announce(live, t('uploadingNamed', name));
        return upload(blobInfo.blob(), name, function (value) {
          row.progress(value);
          progress(value);
        }).then(function (media) {
          row.done();
          announce(live, t('uploadedNamed', name));
          refreshCoverChoices();
          return media.url;
        }, function (message) {
          row.failed(message);
          announce(live, message);
          return Promise.reject({message: message, remove: true});
        });
      },
      paste_preprocess: function (editor, args) {
        var result = window.TongfaPaste.cleanPastedHtml(args.content);
        args.content = result.html;
        if (result.report.localImages > 0) {
          editor.notificationManager.open({text: t('pasteLocalImages', result.report.localImages), type: 'warning',
            timeout: 8000});
        }
      },
      setup: function (editor) {
        editor.on('init', function () {
          var label = document.querySelector('label[for="' + textarea.id + '"]');
          var iframe = editor.getContainer().querySelector('iframe');
          if (iframe && label) {
            // The label points at the hidden textarea; the editable body inside the frame needs its own name.
            iframe.setAttribute('title', label.textContent.replace(' *', ''));
            editor.getBody().setAttribute('aria-label', label.textContent.replace(' *', ''));
            var described = textarea.getAttribute('aria-describedby');
            if (described) {
              editor.getBody().setAttribute('aria-describedby', described);
            }
            label.addEventListener('click', function () { editor.focus(); });
          }
          if (textarea.closest('.has-error')) {
            editor.getContainer().classList.add('has-error');
          }
          refreshCoverChoices();
        });
        editor.on('change input undo redo SetContent', debounce(refreshCoverChoices, 400));
      }
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fn, ms);
    };
  }

  function bodyImages() {
    var editor = window.tinymce && window.tinymce.get('bodyHtml');
    var html = editor ? editor.getContent() : (document.getElementById('bodyHtml') || {}).value || '';
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var seen = {};
    var found = [];
    doc.querySelectorAll('img[src]').forEach(function (img) {
      var match = /\/media\/([^/?#"]+)/.exec(img.getAttribute('src'));
      if (match && !seen[match[1]]) {
        seen[match[1]] = true;
        found.push({id: decodeURIComponent(match[1]), alt: img.getAttribute('alt') || ''});
      }
    });
    return found;
  }

  // ---- the cover picker ----

  var cover = {};

  function initCover() {
    cover.root = document.getElementById('cover-picker');
    if (!cover.root) {
      return;
    }
    cover.input = document.getElementById('coverMediaId');
    cover.file = document.getElementById('cover-file');
    cover.previews = document.getElementById('cover-previews');
    cover.empty = document.getElementById('cover-empty');
    cover.remove = document.getElementById('cover-remove');
    cover.choices = document.getElementById('cover-choices');
    cover.status = document.getElementById('cover-upload-status');
    cover.live = document.getElementById('cover-live');
    cover.root.classList.add('enhanced');
    cover.file.addEventListener('change', function () {
      var file = cover.file.files[0];
      cover.file.value = '';
      if (!file) {
        return;
      }
      var row = progressRow(cover.status, file.name);
      announce(cover.live, t('uploadingNamed', file.name));
      upload(file, file.name, row.progress).then(function (media) {
        row.done();
        if (media.contentType && media.contentType.indexOf('image/') !== 0) {
          var message = t('coverNotImage', file.name);
          progressRow(cover.status, file.name).failed(message);
          announce(cover.live, message);
          return;
        }
        setCover(media.id);
        announce(cover.live, t('coverSet'));
      }, function (message) {
        row.failed(message);
        announce(cover.live, message);
      });
    });
    cover.remove.addEventListener('click', function () {
      setCover('');
      announce(cover.live, t('coverRemoved'));
      cover.file.focus();
    });
    cover.previews.querySelectorAll('img').forEach(function (img) {
      img.addEventListener('load', function () { fitWeibo(img); });
    });
    setCover(cover.input.value);
  }

  // Weibo shows a single picture in its own proportions inside the timeline and crops only the extreme ones;
  // the preview keeps the picture's ratio between 3:4 (tall) and 16:9 (wide) and crops beyond that.
  function fitWeibo(img) {
    if (!img.closest('.crop-weibo') || !img.naturalWidth) {
      return;
    }
    var ratio = Math.min(16 / 9, Math.max(3 / 4, img.naturalWidth / img.naturalHeight));
    img.parentElement.style.aspectRatio = String(ratio);
  }

  function setCover(id) {
    cover.input.value = id || '';
    var has = !!id;
    cover.previews.hidden = !has;
    cover.empty.hidden = has;
    cover.remove.hidden = !has;
    if (has) {
      cover.previews.querySelectorAll('img').forEach(function (img) {
        img.src = '/media/' + encodeURIComponent(id);
      });
    }
    refreshCoverChoices();
  }

  function refreshCoverChoices() {
    if (!cover.choices) {
      return;
    }
    var images = bodyImages().filter(function (image) { return image.id !== cover.input.value; });
    cover.choices.innerHTML = '';
    cover.choices.hidden = images.length === 0;
    if (!images.length) {
      return;
    }
    var heading = document.createElement('p');
    heading.className = 'hint';
    heading.textContent = t('coverFromBody');
    cover.choices.appendChild(heading);
    images.forEach(function (image, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'cover-choice';
      button.setAttribute('aria-label', t('coverUseImage', index + 1) + (image.alt ? '：' + image.alt : ''));
      var thumb = document.createElement('img');
      thumb.src = '/media/' + encodeURIComponent(image.id);
      thumb.alt = '';
      button.appendChild(thumb);
      button.addEventListener('click', function () {
        setCover(image.id);
        announce(cover.live, t('coverSet'));
        cover.remove.focus();
      });
      cover.choices.appendChild(button);
    });
  }

  // ---- the attachments list ----

  var attachments = {};

  function initAttachments() {
    attachments.root = document.getElementById('attachments');
    if (!attachments.root) {
      return;
    }
    attachments.list = document.getElementById('attachment-list');
    attachments.empty = document.getElementById('attachments-empty');
    attachments.file = document.getElementById('attachment-files');
    attachments.status = document.getElementById('attachment-upload-status');
    attachments.live = document.getElementById('attachments-live');
    attachments.root.classList.add('enhanced');
    attachments.list.querySelectorAll('li').forEach(wireRow);
    attachments.file.addEventListener('change', function () {
      var files = Array.prototype.slice.call(attachments.file.files);
      attachments.file.value = '';
      uploadAttachments(files);
    });
    // Files dropped on the box are added as if chosen.
    attachments.root.addEventListener('dragover', function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') >= 0) {
        event.preventDefault();
        attachments.root.classList.add('dropping');
      }
    });
    attachments.root.addEventListener('dragleave', function () { attachments.root.classList.remove('dropping'); });
    attachments.root.addEventListener('drop', function (event) {
      attachments.root.classList.remove('dropping');
      if (event.dataTransfer && event.dataTransfer.files.length) {
        event.preventDefault();
        uploadAttachments(Array.prototype.slice.call(event.dataTransfer.files));
      }
    });
    renumber();
  }

  // One at a time, in the order chosen, so that the list's order is the order of the choice.
  function uploadAttachments(files) {
    return files.reduce(function (chain, file) {
      return chain.then(function () { return uploadAttachment(file); });
    }, Promise.resolve()).then(function () {
      if (files.length > 1) {
        announce(attachments.live, t('attachmentsUploaded', files.length));
      }
    });
  }

  function uploadAttachment(file) {
    var row = progressRow(attachments.status, file.name);
    announce(attachments.live, t('uploadingNamed', file.name));
    return upload(file, file.name, row.progress).then(function (media) {
      row.done();
      if (attachments.list.querySelector('li[data-id="' + CSS.escape(media.id) + '"]')) {
        announce(attachments.live, t('attachmentDuplicate', file.name));
        return;
      }
      var li = attachmentRow(media.id, file.name, media.contentType, media.size);
      attachments.list.appendChild(li);
      wireRow(li);
      renumber();
      announce(attachments.live, t('uploadedNamed', file.name));
    }, function (message) {
      row.failed(message);
      announce(attachments.live, message);
    });
  }

  function attachmentRow(id, name, contentType, size) {
    var li = document.createElement('li');
    li.className = 'attachment';
    li.dataset.id = id;
    li.innerHTML = '<input type="hidden" data-part="id"><input type="hidden" data-part="contentType">'
      + '<input type="hidden" data-part="size"><span class="att-type"></span>'
      + '<label class="visually-hidden" data-part="label"></label><input type="text" data-part="name" class="att-name">'
      + '<span class="att-size"></span><span class="att-buttons">'
      + '<button type="button" class="small" data-move="-1"></button>'
      + '<button type="button" class="small" data-move="1"></button>'
      + '<button type="button" class="small danger" data-remove></button></span>';
    li.querySelector('[data-part=id]').value = id;
    li.querySelector('[data-part=contentType]').value = contentType || '';
    li.querySelector('[data-part=size]').value = size == null ? '' : String(size);
    li.querySelector('[data-part=name]').value = name;
    li.querySelector('.att-type').textContent = typeLabel(contentType, name);
    li.querySelector('.att-size').textContent = humanSize(size);
    return li;
  }

  function wireRow(li) {
    li.querySelectorAll('[data-move]').forEach(function (button) {
      button.addEventListener('click', function () {
        var step = Number(button.dataset.move);
        var sibling = step < 0 ? li.previousElementSibling : li.nextElementSibling;
        if (!sibling) {
          return;
        }
        attachments.list.insertBefore(li, step < 0 ? sibling : sibling.nextElementSibling);
        renumber();
        // Keep the focus on the same button, unless it has just become disabled at an end of the list.
        var same = li.querySelector('[data-move="' + step + '"]');
        (same.disabled ? li.querySelector('[data-move="' + (-step) + '"]') : same).focus();
        announce(attachments.live, t('attachmentMoved', nameOf(li), indexOf(li) + 1));
      });
    });
    li.querySelector('[data-remove]').addEventListener('click', function () {
      var next = li.nextElementSibling || li.previousElementSibling;
      var name = nameOf(li);
      li.remove();
      renumber();
      announce(attachments.live, t('attachmentRemoved', name));
      (next ? next.querySelector('[data-remove]') : attachments.file).focus();
    });
    li.querySelector('[data-part=name]').addEventListener('input', function () { renumber(); });
  }

  function nameOf(li) {
    return li.querySelector('[data-part=name]').value;
  }

  function indexOf(li) {
    return Array.prototype.indexOf.call(attachments.list.children, li);
  }

  // The form posts attachments[i].id and attachments[i].name in the list's order.
  function renumber() {
    var rows = Array.prototype.slice.call(attachments.list.children);
    rows.forEach(function (li, i) {
      var name = nameOf(li) || t('attachmentUnnamed');
      var id = li.querySelector('[data-part=id]');
      var field = li.querySelector('[data-part=name]');
      var label = li.querySelector('[data-part=label]');
      id.name = 'attachments[' + i + '].id';
      li.querySelector('[data-part=contentType]').name = 'attachments[' + i + '].contentType';
      li.querySelector('[data-part=size]').name = 'attachments[' + i + '].size';
      field.name = 'attachments[' + i + '].name';
      field.id = 'attachment-name-' + i;
      label.htmlFor = field.id;
      label.textContent = t('attachmentNameLabel', i + 1);
      var up = li.querySelector('[data-move="-1"]');
      var down = li.querySelector('[data-move="1"]');
      var remove = li.querySelector('[data-remove]');
      up.textContent = '↑';
      down.textContent = '↓';
      remove.textContent = t('remove');
      up.setAttribute('aria-label', t('moveUp', name));
      down.setAttribute('aria-label', t('moveDown', name));
      remove.setAttribute('aria-label', t('removeNamed', name));
      up.title = t('moveUp', name);
      down.title = t('moveDown', name);
      up.disabled = i === 0;
      down.disabled = i === rows.length - 1;
    });
    attachments.empty.hidden = rows.length > 0;
  }

  document.addEventListener('DOMContentLoaded', function () {
    var body = document.getElementById('bodyHtml');
    initCover();
    initAttachments();
    if (body) {
      initEditor(body);
    }
  });

  window.TongfaEditor = {upload: upload};
})();

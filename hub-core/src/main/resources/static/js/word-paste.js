// Cleans HTML pasted from Word or WPS (and from web pages) before TinyMCE inserts it. TinyMCE 6's core no longer
// imports Word documents, so this is ours: keep headings, lists, tables, bold and alignment; drop Word's classes,
// styles, comments, conditional comments and namespaced elements. The hub's sanitiser still decides on save.
(function (global) {
  'use strict';

  // The only inline styles worth keeping from a pasted document; everything else is Word's layout.
  var KEPT_STYLES = ['text-align', 'font-weight', 'text-indent'];
  var ALIGNS = ['left', 'center', 'right', 'justify'];
  var DROPPED = 'style,meta,link,title,xml,script,head,object,iframe,form';

  function isWordHtml(html) {
    return /class=["']?Mso|xmlns:[ow]=|urn:schemas-microsoft-com|<o:p|mso-|ProgId|Kingsoft|content=["']?WPS/i.test(html);
  }

  // Conditional comments: the hidden kind (<!--[if ...]>...<![endif]-->) carries VML and Office XML, all dropped;
  // the revealed kind (<![if ...]>...<![endif]>) shows its content to browsers, which for lists is the typed
  // marker ("1." or "·"), kept in a span so that the list conversion can recognise and drop it.
  function stripConditionals(html) {
    return html
      .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, '')
      .replace(/<!\[if\s+!supportLists\]>([\s\S]*?)<!\[endif\]>/gi, '<span data-word-marker="1">$1</span>')
      .replace(/<!\[if[^\]]*\]>|<!\[endif\]>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '');
  }

  function keptStyle(element) {
    var kept = [];
    KEPT_STYLES.forEach(function (name) {
      var value = element.style.getPropertyValue(name);
      if (!value) {
        return;
      }
      if (name === 'font-weight' && !/^(bold|bolder|[6-9]00)$/.test(value)) {
        return;
      }
      if (name === 'text-align' && ALIGNS.indexOf(value) < 0) {
        return;
      }
      if (name === 'text-indent' && /^-/.test(value)) {
        return; // Word's hanging indents belong to its list markers.
      }
      kept.push(name + ': ' + value);
    });
    var align = (element.getAttribute('align') || '').toLowerCase();
    if (align && ALIGNS.indexOf(align) >= 0 && !element.style.getPropertyValue('text-align')) {
      kept.unshift('text-align: ' + align);
    }
    return kept.join('; ');
  }

  function unwrap(element) {
    var parent = element.parentNode;
    while (element.firstChild) {
      parent.insertBefore(element.firstChild, element);
    }
    parent.removeChild(element);
  }

  // Word's mso-list style names the list and the level: "mso-list:l0 level2 lfo1".
  function listInfo(p) {
    var style = p.getAttribute('style') || '';
    var match = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(style);
    var isListClass = /MsoListParagraph/i.test(p.className || '');
    if (!match && !isListClass) {
      return null;
    }
    var marker = p.querySelector('[data-word-marker]');
    if (!marker) {
      p.querySelectorAll('span').forEach(function (span) {
        if (!marker && /mso-list:\s*Ignore/i.test(span.getAttribute('style') || '')) {
          marker = span;
        }
      });
    }
    if (!match && !marker) {
      return null; // a paragraph styled as a list item but with no marker: keep it a paragraph
    }
    var text = marker ? marker.textContent.replace(/\u00a0/g, ' ').trim() : '';
    var ordered = /^(\(?[0-9０-９]+[.．、)）]?|\(?[a-zA-Z][.)）]|\(?[ivxlcIVXLC]+[.)）]|[（(]?[一二三四五六七八九十百]+[、.．)）]?)$/.test(text);
    return {
      id: match ? match[1] : 'l',
      level: match ? Math.max(1, parseInt(match[2], 10)) : 1,
      ordered: ordered,
      marker: marker
    };
  }

  // Consecutive list paragraphs become one nested <ol>/<ul>; a marker-less paragraph ends the list.
  function convertLists(root) {
    var paragraphs = Array.prototype.slice.call(root.querySelectorAll('p'));
    var runs = [];
    var current = null;
    paragraphs.forEach(function (p) {
      var info = listInfo(p);
      if (!info) {
        current = null;
        return;
      }
      var previous = current && current.items[current.items.length - 1].p;
      if (!current || !adjacent(previous, p)) {
        current = {items: []};
        runs.push(current);
      }
      current.items.push({p: p, info: info});
    });
    runs.forEach(function (run) {
      var doc = root.ownerDocument;
      var first = run.items[0].p;
      var stack = [];
      var top = null;
      run.items.forEach(function (entry) {
        var level = entry.info.level;
        while (stack.length > level) {
          stack.pop();
        }
        while (stack.length < level) {
          var list = doc.createElement(entry.info.ordered ? 'ol' : 'ul');
          if (stack.length === 0) {
            top = list;
            first.parentNode.insertBefore(list, first);
          } else {
            var parentList = stack[stack.length - 1];
            var host = parentList.lastElementChild || parentList.appendChild(doc.createElement('li'));
            host.appendChild(list);
          }
          stack.push(list);
        }
        if (entry.info.marker) {
          entry.info.marker.parentNode.removeChild(entry.info.marker);
        }
        var li = doc.createElement('li');
        var style = keptStyle(entry.p);
        if (style && /text-align/.test(style)) {
          li.setAttribute('style', style.split('; ').filter(function (s) { return /^text-align/.test(s); }).join('; '));
        }
        while (entry.p.firstChild) {
          li.appendChild(entry.p.firstChild);
        }
        stack[stack.length - 1].appendChild(li);
        entry.p.parentNode.removeChild(entry.p);
      });
      return top;
    });
  }

  function adjacent(previous, next) {
    var node = previous.nextSibling;
    while (node && node.nodeType === 3 && !node.textContent.trim()) {
      node = node.nextSibling;
    }
    return node === next;
  }

  function isBlank(element) {
    return !element.querySelector('img,table,br') && !element.textContent.replace(/[\s\u00a0]/g, '');
  }

  function clean(root, report) {
    root.querySelectorAll(DROPPED).forEach(function (element) { element.remove(); });
    // Namespaced elements: <o:p> holds a paragraph's &nbsp;, <st1:*> smart tags hold text, the rest is Office XML.
    Array.prototype.slice.call(root.querySelectorAll('*')).forEach(function (element) {
      var name = element.tagName.toLowerCase();
      if (name.indexOf(':') < 0) {
        return;
      }
      if (/^(o:p|st\d*:|w:sdt)/.test(name) || name.indexOf('st1:') === 0) {
        unwrap(element);
      } else {
        element.remove();
      }
    });
    convertLists(root);
    root.querySelectorAll('img').forEach(function (img) {
      var src = img.getAttribute('src') || '';
      // Word's own images point into the user's temporary folder; they never come with the text.
      if (!/^(https?:|\/|data:image\/|blob:)/i.test(src)) {
        report.localImages++;
        img.remove();
      }
    });
    Array.prototype.slice.call(root.querySelectorAll('*')).forEach(function (element) {
      var style = keptStyle(element);
      var keep = {colspan: 1, rowspan: 1, href: 1, src: 1, alt: 1, title: 1, target: 1};
      Array.prototype.slice.call(element.attributes).forEach(function (attribute) {
        if (!keep[attribute.name.toLowerCase()]) {
          element.removeAttribute(attribute.name);
        }
      });
      if (style) {
        element.setAttribute('style', style);
      }
    });
    // Bookmarks (<a name="_Toc…">) and spans left without attributes only wrap text; font and similar go too.
    Array.prototype.slice.call(root.querySelectorAll('a:not([href]), span:not([style]), font')).forEach(unwrap);
    root.querySelectorAll('p').forEach(function (p) {
      if (isBlank(p)) {
        p.remove();
      }
    });
  }

  /**
   * Returns the cleaned HTML and what was dropped that the editor should know about (images left behind in Word).
   */
  function cleanPastedHtml(html) {
    var report = {word: isWordHtml(html), localImages: 0};
    var doc = new DOMParser().parseFromString(stripConditionals(html), 'text/html');
    clean(doc.body, report);
    return {html: doc.body.innerHTML, report: report};
  }

  global.TongfaPaste = {cleanPastedHtml: cleanPastedHtml, isWordHtml: isWordHtml};
})(window);

--[[
The Quarto subset for the built-in engine, for HTML and Typst output.

  * content-visible / content-hidden with when-format, unless-format, when-meta, unless-meta
  * figures and tables: a Div #fig-x / #tbl-x becomes a float with that id; every
    captioned figure and table is numbered (Typst numbers them itself, so HTML
    counts the same way: captioned = numbered)
  * @fig-x / [@tbl-x] → "图 1" (HTML link) or #ref(<fig-x>) (Typst; written as a
    function call because in Typst markup "@fig-x和" would swallow the Chinese text)
  * callouts (note, tip, warning, important, caution)
  * {{< pagebreak >}} (arrives as a Div .cs-pagebreak)
  * ::: {.landscape} (Quarto's own class, so both engines read it): its content on landscape
    pages (Typst: #page(flipped: true)[…]; Word: a landscape section; HTML: unchanged)
  * ::: {.table-note} right after a table: the 注 lines under it, small, before the 资料来源 line
  * ::: {.compact} (the 摘要): set closer in Typst (#compact[…], see the template), so it keeps to
    its page; HTML and Word unchanged
  * Typst: a chart followed in its chapter by a few lines of text only is set after those lines
    (see short_tails), so a chart at the foot of a page never leaves them alone on the next
]]

local is_typst = FORMAT:match("typst") ~= nil
local NAMES = { fig = "图", tbl = "表" }
local CALLOUT_TITLES = { note = "注意", tip = "提示", warning = "警告", important = "重要", caution = "小心" }

local function truthy(v)
  if v == nil then return false end
  if type(v) == "boolean" then return v end
  local s = pandoc.utils.stringify(v)
  return s ~= "" and s ~= "false" and s ~= "0"
end

local function meta_value(meta, path)
  local v = meta
  for part in path:gmatch("[^.]+") do
    if type(v) ~= "table" then return nil end
    v = v[part]
  end
  return v
end

local function format_matches(name)
  if name == "html" or name == "html5" then return FORMAT:match("html") ~= nil end
  if name == "typst" or name == "pdf" then return is_typst end
  return FORMAT == name
end

local function visible(div, meta)
  local a = div.attributes
  local show = true
  if a["when-format"] then show = show and format_matches(a["when-format"]) end
  if a["unless-format"] then show = show and not format_matches(a["unless-format"]) end
  if a["when-meta"] then show = show and truthy(meta_value(meta, a["when-meta"])) end
  if a["unless-meta"] then show = show and not truthy(meta_value(meta, a["unless-meta"])) end
  if div.classes:includes("content-hidden") then
    -- content-hidden hides when its conditions hold (all of them, as in Quarto)
    return not show
  end
  return show
end

-- pandoc's own walk hands every block and inline of the document to Lua and back, the cells of
-- every table too (thousands in a district report), which was most of this filter's time although
-- none of its passes but the cross-references and the intervals looks inside a cell. The passes
-- that rewrite Divs, headers, figures and tables walk with these instead: the same order as
-- pandoc's (bottom_up: an element after its children, topdown: before them) over the blocks of
-- Divs, block quotes, figures and lists, but not into tables' cells, captions or footnotes.
-- a list of block lists (a list's items, a term's definitions) walked one by one
local function each_list(lists, walk)
  local out, any = pandoc.List(), false
  for _, blocks in ipairs(lists) do
    local inner, changed = walk(blocks)
    out:insert(inner)
    any = any or changed
  end
  return out, any
end

local function children(b, walk)
  local t = b.t
  if t == "Div" or t == "BlockQuote" or t == "Figure" then
    local inner, changed = walk(b.content)
    if changed then b.content = inner end
    return b, changed
  end
  if t == "BulletList" or t == "OrderedList" then
    local items, any = each_list(b.content, walk)
    if any then b.content = items end
    return b, any
  end
  if t == "DefinitionList" then
    local items, any = pandoc.List(), false
    for _, item in ipairs(b.content) do
      local defs, changed = each_list(item[2], walk)
      items:insert({ item[1], defs })
      any = any or changed
    end
    if any then b.content = items end
    return b, any
  end
  return b, false
end

-- `fn` on every block, children first; its result replaces the block as a walk's would (nil keeps
-- it, a block or a list of blocks replaces it, {} removes it). Returns the list and whether it changed.
local function bottom_up(blocks, fn)
  local out, changed = pandoc.List(), false
  local function walk(list) return bottom_up(list, fn) end
  for _, b in ipairs(blocks) do
    local inner, below = children(b, walk)
    local r = fn(inner)
    if r == nil then
      out:insert(inner)
      changed = changed or below
    elseif type(r) == "userdata" and r.t then
      out:insert(r)
      changed = true
    else
      out:extend(r)
      changed = true
    end
  end
  if not changed then return blocks, false end
  return out, true
end

-- `fn` on every block before its children; it changes the block in place or returns one in its
-- stead (no lists). A table's cells are not visited.
local function topdown(blocks, fn)
  local out, changed = pandoc.List(), false
  local function walk(list) return topdown(list, fn) end
  for _, b in ipairs(blocks) do
    local r = fn(b)
    if r ~= nil then b, changed = r, true end
    local below
    if b.t ~= "Table" then b, below = children(b, walk) end
    changed = changed or below
    out:insert(b)
  end
  if not changed then return blocks, false end
  return out, true
end

-- `fn` for each block type named in `filter`, as doc:walk(filter) would call it, on the blocks above
local function walk_blocks(doc, filter, order)
  local function fn(b)
    local f = filter[b.t]
    if f then return f(b) end
    return nil
  end
  local blocks, changed = (order or bottom_up)(doc.blocks, fn)
  if changed then doc.blocks = blocks end
  return doc
end

local function conditional(doc)
  -- bottom-up (pandoc's default), so conditions nested inside kept content are applied too
  return walk_blocks(doc, {
    Div = function(div)
      if div.classes:includes("content-visible") or div.classes:includes("content-hidden") then
        if visible(div, doc.meta) then
          return div.content
        end
        return {}
      end
    end,
  })
end

-- Div #fig-x (several images + caption paragraph) → Figure; Div #tbl-x → Table with id
local function floats(doc)
  return walk_blocks(doc, {
    Div = function(div)
      local id = div.identifier
      if id:match("^fig%-") then
        local content = pandoc.List(div.content)
        local caption = {}
        if #content > 1 and content[#content].t == "Para" then
          caption = { pandoc.Plain(content[#content].content) }
          content:remove(#content)
        end
        return pandoc.Figure(content, caption, pandoc.Attr(id, {}, {}))
      elseif id:match("^tbl%-") then
        local blocks = pandoc.List(div.content)
        local found = nil
        for i, b in ipairs(blocks) do
          if b.t == "Table" then found = i break end
        end
        if not found then
          error("citysurvey: " .. id .. " holds no table / 标签 " .. id .. " 下没有表格")
        end
        local tbl = blocks[found]
        tbl.identifier = id
        if #tbl.caption.long == 0 and found < #blocks and blocks[#blocks].t == "Para" then
          tbl.caption.long = { pandoc.Plain(blocks[#blocks].content) }
        end
        return tbl
      end
    end,
  })
end

local numbers = {}

local function prefix_caption(caption_blocks, text)
  local label = { pandoc.Str(text), pandoc.Str("　") }
  if #caption_blocks == 0 then
    return { pandoc.Plain({ pandoc.Str(text) }) }
  end
  local first = caption_blocks[1]
  if first.content then
    first.content = pandoc.List(label) .. first.content
  end
  return caption_blocks
end

local function number(doc)
  local counts = { fig = 0, tbl = 0 }
  return walk_blocks(doc, {
    Figure = function(fig)
      if #fig.caption.long == 0 then return nil end
      counts.fig = counts.fig + 1
      local text = NAMES.fig .. " " .. counts.fig
      if fig.identifier ~= "" then numbers[fig.identifier] = text end
      if not is_typst then
        fig.caption.long = prefix_caption(fig.caption.long, text)
        return fig
      end
    end,
    Table = function(tbl)
      if #tbl.caption.long == 0 then return nil end
      counts.tbl = counts.tbl + 1
      local text = NAMES.tbl .. " " .. counts.tbl
      if tbl.identifier ~= "" then numbers[tbl.identifier] = text end
      if not is_typst then
        tbl.caption.long = prefix_caption(tbl.caption.long, text)
        return tbl
      end
    end,
  }, topdown)
end

local function refs(doc)
  return doc:walk({
    Cite = function(cite)
      local out = pandoc.List()
      for i, c in ipairs(cite.citations) do
        local id = c.id
        local text = numbers[id]
        if not text then
          error("citysurvey: unknown or uncaptioned cross-reference @" .. id ..
                " / 交叉引用 @" .. id .. " 找不到带标题的图表")
        end
        if i > 1 then out:insert(pandoc.Str("、")) end
        if is_typst then
          out:insert(pandoc.RawInline("typst", "#ref(<" .. id .. ">)"))
        else
          out:insert(pandoc.Link({ pandoc.Str(text) }, "#" .. id, "", pandoc.Attr("", { "cs-xref" }, {})))
        end
      end
      return out
    end,
  })
end

local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function callouts(doc)
  return walk_blocks(doc, {
    Div = function(div)
      if div.classes:includes("cs-pagebreak") then
        if is_typst then return pandoc.RawBlock("typst", "#pagebreak(weak: true)") end
        return pandoc.RawBlock("html", '<div class="cs-pagebreak"></div>')
      end
      local kind = nil
      for _, cls in ipairs(div.classes) do
        local k = cls:match("^callout%-(%w+)$")
        if k and CALLOUT_TITLES[k] then kind = k end
      end
      if not kind then return nil end
      local content = pandoc.List(div.content)
      local title = div.attributes["title"]
      if not title and #content > 0 and content[1].t == "Header" then
        title = pandoc.utils.stringify(content[1])
        content:remove(1)
      end
      title = title or CALLOUT_TITLES[kind]
      if is_typst then
        local out = pandoc.List({
          pandoc.RawBlock("typst", "#callout(" .. typst_string(kind) .. ", " .. typst_string(title) .. ")["),
        })
        out:extend(content)
        out:insert(pandoc.RawBlock("typst", "]"))
        return out
      end
      local inner = pandoc.List({ pandoc.Div({ pandoc.Plain({ pandoc.Str(title) }) }, pandoc.Attr("", { "callout-title" }, {})) })
      inner:insert(pandoc.Div(content, pandoc.Attr("", { "callout-body" }, {})))
      return pandoc.Div(inner, pandoc.Attr(div.identifier, { "callout", "callout-" .. kind }, {}))
    end,
  })
end

-- a table this short moves whole to the next page rather than leave its last rows, 注 or 资料来源
-- line alone at the top of one
local KEEP_ROWS = 12

local function body_rows(tbl)
  local n = 0
  for _, body in ipairs(tbl.bodies) do n = n + #body.body end
  return n
end

local function is_note(b)
  return b.t == "Div" and b.classes:includes("table-note")
end

-- "资料来源：…" under every numbered table and figure (the document's `source` metadata)
local function source_block(text)
  if is_typst then
    local escaped = text:gsub("([%#%*_%$%[%]\\@<>`])", "\\%1")
    return pandoc.RawBlock("typst", "#block(above: 0.3em, below: 1em, width: 100%, " ..
      "text(size: 8.5pt, fill: luma(80))[资料来源：" .. escaped .. "])")
  end
  return pandoc.Div({ pandoc.Para({ pandoc.Str("资料来源：" .. text) }) },
    pandoc.Attr("", { "cs-source" }, { ["custom-style"] = "Source" }))
end

local function sources(doc)
  local text = doc.meta.source and pandoc.utils.stringify(doc.meta.source) or ""
  if text == "" then return doc end
  local function numbered(b)
    return (b.t == "Table" or b.t == "Figure") and #b.caption.long > 0
  end
  return doc:walk({
    -- from the top down, not into tables: the cells' block lists (thousands in a district report) hold
    -- no numbered table or figure, and handing each to this filter was most of its time
    traverse = "topdown",
    Table = function() return nil, false end,
    Figure = function(fig)  -- Typst: inside the figure, so a chart that floats keeps its source
      if not is_typst or #fig.caption.long == 0 then return nil end
      fig.content:insert(source_block(text))
      return fig
    end,
    Blocks = function(blocks)  -- after the table (and, but in Typst, the figure: Word would make
      local any = false          -- a figure holding two blocks into a layout table)
      for _, b in ipairs(blocks) do
        if numbered(b) then any = true break end
      end
      if not any then return nil end  -- unchanged: pandoc need not read the list back
      local out = pandoc.List()
      local pending = false      -- a table's source waits for the 注 lines that follow it
      local kept = false         -- Typst: a short table, its notes and source kept on one page
      local function close()
        out:insert(source_block(text))
        if kept then out:insert(pandoc.RawBlock("typst", "]")) end
        pending, kept = false, false
      end
      for _, b in ipairs(blocks) do
        if pending and not is_note(b) then close() end
        if is_typst and numbered(b) and b.t == "Table" and body_rows(b) <= KEEP_ROWS then
          out:insert(pandoc.RawBlock("typst", "#block(breakable: false, width: 100%)["))
          kept = true
        end
        out:insert(b)
        if numbered(b) and (b.t == "Table" or not is_typst) then pending = true end
      end
      if pending then close() end
      return out
    end,
  })
end

-- A confidence interval (71.8～72.8, 8.0%～10.5%) never breaks over two lines: Typst
-- gets a box, HTML a nowrap span (Word keeps "～" with its neighbours itself)
local INTERVAL = "[%-%+]?%d[%d,%.]*%%?～[%-%+]?%d[%d,%.]*%%?"

-- Width in em of text that must stay on one line (Latin digits are about half an em)
local function em_width(text)
  local w = 0
  for _, c in utf8.codes(text) do
    w = w + ((c == 0x25) and 0.85 or (c < 0x2E80) and 0.55 or 1.0)  -- "%" sets almost as wide as a Chinese character
  end
  return w
end

local TEXT_WIDTH_EM = 50   -- an A4 page's text width at the tables' 9 pt, in em
local LANDSCAPE_WIDTH_EM = 78  -- the same on a landscape A4 page (24.5 cm of text instead of 15.8)
local CELL_PAD_EM = 1.7    -- the cell's inset, both sides
local function unbreakable(text)
  if text:find("%s") or text:find(INTERVAL) or not utf8.len(text) then return false end
  for _, c in utf8.codes(text) do
    if (c >= 0x3400 and c <= 0x9FFF) or (c >= 0xF900 and c <= 0xFAFF) then return false end
  end
  return true
end

local HEADER_SLACK_EM = 0.5  -- a bold header sets wider, and Typst spaces digits from Chinese (95% 置信区间)
local CELL_KEEP = 6        -- a body cell this short (小区（社区）) stays on one line
local HEADER_KEEP = 7      -- a header or cell this short (in characters: 95%置信区间) is not broken either

-- pandoc gives a pipe table's columns shares by its dash counts. A table that fits the line is set
-- with no cell wrapped; in one that does not, only the columns of longer text wrap
local function widen_columns(tbl)
  local n = #tbl.colspecs
  local shares, need = {}, {}
  for i, spec in ipairs(tbl.colspecs) do
    shares[i] = spec[2]
    need[i] = 0
  end
  if shares[1] == nil then return nil end  -- no relative widths: Typst sizes the columns itself
  local width = tbl.attributes["cs-landscape"] and LANDSCAPE_WIDTH_EM or TEXT_WIDTH_EM
  local natural = {}  -- the share that sets every cell of the column on one line
  for i = 1, n do natural[i] = 0 end
  local function visit(row)
    for i, cell in ipairs(row.cells) do
      local text = pandoc.utils.stringify(cell)
      natural[i] = math.max(natural[i], (em_width(text) + CELL_PAD_EM) / width)
      -- a short cell (小区（社区）) does not wrap, nor can one without a Chinese character, a space
      -- or an interval to break at (FX-2026-001, 12.1%（6.2%）)
      if unbreakable(text) or (utf8.len(text) and utf8.len(text) <= CELL_KEEP) then
        need[i] = math.max(need[i], (em_width(text) + CELL_PAD_EM) / width)
      end
      for ci in text:gmatch(INTERVAL) do
        need[i] = math.max(need[i], (em_width(ci) + CELL_PAD_EM) / width)
      end
    end
  end
  for _, row in ipairs(tbl.head.rows) do
    for i, cell in ipairs(row.cells) do
      local text = pandoc.utils.stringify(cell)
      if utf8.len(text) and utf8.len(text) <= HEADER_KEEP then
        need[i] = math.max(need[i], (em_width(text) + CELL_PAD_EM + HEADER_SLACK_EM) / width)
      end
    end
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do visit(row) end
  end
  -- a table whose rows fit the line: no cell wraps; each column gets its natural width and a
  -- share of the room left over in proportion to it
  local total = 0
  for i = 1, n do
    natural[i] = math.max(natural[i], need[i])
    total = total + natural[i]
  end
  if total > 0 and total <= 1 then
    for i = 1, n do tbl.colspecs[i] = { tbl.colspecs[i][1], natural[i] / total } end
    return tbl
  end
  -- too wide: every column gets what it needs (intervals, short cells and headers on one line),
  -- and the columns of longer text share the rest in proportion to the room they would like
  local needed, wanted = 0, 0
  for i = 1, n do
    needed = needed + need[i]
    wanted = wanted + natural[i] - need[i]
  end
  if needed >= 1 or wanted <= 0 then return nil end  -- nothing to gain: keep pandoc's shares
  for i = 1, n do
    tbl.colspecs[i] = { tbl.colspecs[i][1], need[i] + (1 - needed) * (natural[i] - need[i]) / wanted }
  end
  return tbl
end

local function keep_intervals(doc)
  if not (is_typst or FORMAT:match("html")) then return doc end
  if is_typst then  -- before the intervals become raw Typst, which has no text to measure
    doc = walk_blocks(doc, { Table = widen_columns })
  end
  return doc:walk({
    Str = function(s)
      if not s.text:find("～", 1, true) then return nil end
      local out, pos = pandoc.List(), 1
      while true do
        local a, b = s.text:find(INTERVAL, pos)
        if not a then break end
        if a > pos then out:insert(pandoc.Str(s.text:sub(pos, a - 1))) end
        local ci = s.text:sub(a, b)
        if is_typst then
          -- word joiners: a box alone still wraps when its cell is narrower than the interval
          out:insert(pandoc.RawInline("typst", "#box[" .. ci:gsub("～", "\u{2060}～\u{2060}") .. "]"))
        else
          out:insert(pandoc.Span({ pandoc.Str(ci) }, pandoc.Attr("", { "cs-nowrap" }, {})))
        end
        pos = b + 1
      end
      if pos == 1 then return nil end
      if pos <= #s.text then out:insert(pandoc.Str(s.text:sub(pos))) end
      return out
    end,
  })
end

-- Word numbers headings through the reference document's heading styles; an
-- unnumbered heading (摘要, 附录) switches that numbering off for its paragraph
local function docx_unnumbered(doc)
  if FORMAT ~= "docx" then return doc end
  return walk_blocks(doc, {
    Header = function(h)
      if not h.classes:includes("unnumbered") then return nil end
      local text = pandoc.utils.stringify(h):gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;")
      return pandoc.RawBlock("openxml", '<w:p><w:pPr><w:pStyle w:val="Heading' .. h.level .. '"/>' ..
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr></w:pPr>' ..
        '<w:r><w:t xml:space="preserve">' .. text .. '</w:t></w:r></w:p>')
    end,
  })
end

-- Word section breaks: the paragraph holding a sectPr ends a section with those page settings
local A4_PORTRAIT = '<w:pgSz w:w="11906" w:h="16838"/>' ..
  '<w:pgMar w:top="1417" w:right="1474" w:bottom="1417" w:left="1474" w:header="851" w:footer="992" w:gutter="0"/>'
local A4_LANDSCAPE = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' ..
  '<w:pgMar w:top="1474" w:right="1417" w:bottom="1474" w:left="1417" w:header="851" w:footer="992" w:gutter="0"/>'

local function section_break(page)
  return pandoc.RawBlock("openxml", "<w:p><w:pPr><w:sectPr>" .. page .. "</w:sectPr></w:pPr></w:p>")
end

local function landscape(doc)
  return walk_blocks(doc, {  -- tables on a landscape page have more room (see widen_columns)
    Div = function(div)
      if not div.classes:includes("landscape") then return nil end
      div.content = topdown(div.content, function(b)
        if b.t == "Table" then b.attributes["cs-landscape"] = "true" return b end
      end)
      return div
    end,
  })
end

local function landscape_pages(doc)
  return walk_blocks(doc, {
    Div = function(div)
      if not div.classes:includes("landscape") then return nil end
      local out = pandoc.List()
      if is_typst then
        -- narrower top and bottom margins and rows: a table of some 30 rows still fits one page
        out:insert(pandoc.RawBlock("typst", "#page(flipped: true, margin: (x: 2.5cm, top: 1.8cm, bottom: 1.8cm))[" ..
          "#set table(inset: (x: 7pt, y: 3.5pt))"))
        out:extend(div.content)
        out:insert(pandoc.RawBlock("typst", "]"))
      elseif FORMAT == "docx" then
        out:insert(section_break(A4_PORTRAIT))
        out:extend(div.content)
        out:insert(section_break(A4_LANDSCAPE))
      else
        return nil  -- HTML: a screen has no page orientation
      end
      return out
    end,
  })
end

local function table_notes(doc)
  return walk_blocks(doc, {
    Div = function(div)
      if not div.classes:includes("table-note") then return nil end
      if is_typst then
        local out = pandoc.List({ pandoc.RawBlock("typst",
          "#block(above: 0.3em, below: 0.3em, width: 100%)[#set text(size: 8.5pt, fill: luma(60)); " ..
          "#set par(first-line-indent: 0pt, spacing: 0.3em)") })
        out:extend(div.content)
        out:insert(pandoc.RawBlock("typst", "]"))
        return out
      end
      div.attributes["custom-style"] = "Source"  -- Word: the small style of the 资料来源 line
      return div
    end,
  })
end

local function compact(doc)
  if not is_typst then return doc end
  return walk_blocks(doc, {
    Div = function(div)
      if not div.classes:includes("compact") then return nil end
      local out = pandoc.List({ pandoc.RawBlock("typst", "#compact[") })
      out:extend(div.content)
      out:insert(pandoc.RawBlock("typst", "]"))
      return out
    end,
  })
end

-- A chapter's last chart, followed only by a short tail of text (a subsection of a few lines), can
-- float to the foot of its page and push that tail onto a page of its own before the next chapter
-- starts a new page. In Typst the chart is set after the tail instead: the tail stays on the page
-- where the chapter's text runs, and the chart floats to that page's foot if it fits or to the top
-- of the next; #place.flush() puts it there before the next chapter's page break, so it never
-- lands on that chapter's first page. HTML and Word keep the order of the source.
local TAIL_LINES = 8     -- eight lines alone fill under 12% of a page: the near-empty pages to avoid
local LINE_CHARS = 40    -- characters on a line of body text (A4, 10.5pt, the template's margins)
local TEXT_BLOCKS = { Para = true, Plain = true, Header = true, BlockQuote = true, BulletList = true,
                      OrderedList = true, LineBlock = true }

local function tail_lines(blocks, from)
  local lines = 0
  for j = from, #blocks do
    local b = blocks[j]
    if b.t == "Header" and b.level == 1 then return lines, j end
    if not TEXT_BLOCKS[b.t] then return nil end  -- a table, chart or raw block: not a short tail
    lines = lines + math.max(1, math.ceil(utf8.len(pandoc.utils.stringify(b)) / LINE_CHARS))
    if lines > TAIL_LINES then return nil end
  end
  return lines, #blocks + 1
end

local function short_tails(doc)
  if not is_typst then return doc end
  local blocks = pandoc.List(doc.blocks)
  local i = 1
  while i <= #blocks do
    local b = blocks[i]
    local lines, stop = nil, nil
    if b.t == "Figure" and i < #blocks then lines, stop = tail_lines(blocks, i + 1) end
    if lines and lines > 0 then
      blocks:remove(i)  -- the tail moves up by one: the chart goes just before the next chapter
      blocks:insert(stop - 1, b)
      blocks:insert(stop, pandoc.RawBlock("typst", "#place.flush()"))
      i = stop + 1
    else
      i = i + 1
    end
  end
  doc.blocks = blocks
  return doc
end

function Pandoc(doc)
  doc = conditional(doc)
  doc = floats(doc)
  doc = number(doc)
  doc = refs(doc)
  doc = callouts(doc)
  doc = docx_unnumbered(doc)
  doc = landscape(doc)
  doc = keep_intervals(doc)
  doc = sources(doc)
  doc = table_notes(doc)
  doc = compact(doc)
  doc = landscape_pages(doc)
  doc = short_tails(doc)
  return doc
end

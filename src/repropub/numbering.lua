-- Numbered figures, tables, equations and sections, and the cross-references to them.
--
-- Runs inside pandoc before citeproc (see repropub.pandoc), for the HTML and the JATS alike.
-- Labels use pandoc-crossref's syntax (`{#fig:id}`, `{#tbl:id}`, `$$...$$ {#eq:id}`,
-- `{#sec:id}`) or Quarto's (`{#fig-id}` ...); a citation of a label (`@fig:id`, `[-@eq:id]`,
-- `[@fig:a; @fig:b]`) becomes "Figure 1" linked to its target instead of going to citeproc.
-- The words ("Figure", "Tables") come from the metadata field `repropub-crossref`, which the
-- caller fills from numbering.yaml for the article's language.
--
-- With `repropub-citeproc-replay` (a file: see citeproc_replay.lua), citeproc does not run:
-- the walk that looks for cited labels also puts the recorded citations in place, so the page
-- after an edit costs one filter and one pass over the inlines, not two filters and three.

local stringify = pandoc.utils.stringify

local KINDS = { fig = true, tbl = true, eq = true, sec = true }

-- more body rows than this do not fit a column of the journal's page
local LONG_TABLE_ROWS = 25

-- the kind of a label ("fig" for "fig:growth" or "fig-growth"), or nil
local function kind_of(id)
  local prefix = id:match("^(%a+)[:%-].")
  if prefix and KINDS[prefix] then
    return prefix
  end
  return nil
end

local words = {
  fig = { "Figure", "Figures" },
  tbl = { "Table", "Tables" },
  eq = { "Equation", "Equations" },
  sec = { "Section", "Sections" },
  app = { "Appendix", "Appendices" },
}
local conjunction = "and"
local spaced = true -- false: the number follows the word directly ("図1", "图1")

-- the space between a word and its number, if the language writes one
local function gap()
  return spaced and { pandoc.Space() } or {}
end

local numbers = {}     -- label -> its number as shown ("1", "2.1", "(3)", "A")
local appendices = {}  -- label -> true when it names an appendix (referred to as "Appendix A")
local counters = { fig = 0, tbl = 0, eq = 0 }

-- a label defined twice keeps its first number (the checker reports the second)
local function remember(id, number)
  if numbers[id] == nil then
    numbers[id] = number
  end
end

local function read_words(meta)
  local given = meta["repropub-crossref"]
  if not given then
    return
  end
  for kind, _ in pairs(words) do
    if given[kind] then
      words[kind] = { stringify(given[kind][1]), stringify(given[kind][2]) }
    end
  end
  if given["and"] then
    conjunction = stringify(given["and"])
  end
  spaced = given["space"] ~= false
end

local function label_span(kind, number)
  local content = pandoc.Inlines({ pandoc.Str(words[kind][1]) })
  content:extend(gap())
  content:insert(pandoc.Str(number .. "."))
  return pandoc.Span(content, { class = "label" })
end

-- "Figure 1." before the caption's first paragraph
local function label_caption(caption, kind, number)
  local label = label_span(kind, number)
  if #caption.long == 0 then
    caption.long = { pandoc.Plain({ label }) }
  else
    local first = caption.long[1]
    if first.content then
      first.content:insert(1, pandoc.Space())
      first.content:insert(1, label)
    end
  end
  return caption
end

local function number_float(element, kind)
  -- a float with a caption is numbered even without a label, as journals number them all
  if element.identifier ~= "" and kind_of(element.identifier) ~= kind then
    return nil
  end
  if element.identifier == "" and #element.caption.long == 0 then
    return nil
  end
  counters[kind] = counters[kind] + 1
  local number = tostring(counters[kind])
  if element.identifier ~= "" then
    remember(element.identifier, number)
  end
  element.caption = label_caption(element.caption, kind, number)
  return element
end

-- A labelled display equation is `$$...$$ {#eq:id}`: the Math, a space, then the attribute
-- as plain text (pandoc's Markdown has no attributes on math).
local function number_equations(inlines)
  local out = pandoc.Inlines({})
  local i = 1
  while i <= #inlines do
    local element = inlines[i]
    local j = i + 1
    if inlines[j] and inlines[j].t == "Space" then
      j = j + 1
    end
    local attribute = inlines[j]
    local id = element.t == "Math" and element.mathtype == "DisplayMath" and attribute
      and attribute.t == "Str" and attribute.text:match("^{#([^%s}]+)}$")
    if id and kind_of(id) == "eq" then
      counters.eq = counters.eq + 1
      local number = "(" .. counters.eq .. ")"
      remember(id, number)
      out:insert(pandoc.Span({ element, pandoc.Span({ pandoc.Str(number) },
        { class = "equation-number" }) }, { id = id, class = "equation" }))
      i = j + 1
    else
      out:insert(element)
      i = i + 1
    end
  end
  return out
end

-- Sections are numbered 1, 1.1, ...; an appendix (a top-level heading of class `appendix`) is
-- lettered instead, A, B, ..., and its subsections A.1, A.2: it is not counted among the
-- sections, so the first appendix after section 4 is "Appendix A", never "4" (repropub.back
-- writes its heading's "Appendix A"; the letters here match, counted the same way).
local function number_headings(blocks)
  local top = math.huge
  for _, block in ipairs(blocks) do
    if block.t == "Header" then
      top = math.min(top, block.level)
    end
  end
  local levels = {}
  local sections, letters = 0, 0
  local function visit(list)
    for _, block in ipairs(list) do
      if block.t == "Header" and not block.classes:includes("unnumbered") then
        local depth = block.level - top + 1
        local appendix = depth == 1 and block.classes:includes("appendix")
        if depth == 1 then
          if appendix then
            letters = letters + 1
            levels[1] = string.char(64 + (letters - 1) % 26 + 1)
          else
            sections = sections + 1
            levels[1] = tostring(sections)
          end
        else
          levels[depth] = (levels[depth] or 0) + 1
        end
        for deeper = depth + 1, #levels do
          levels[deeper] = nil
        end
        local parts = {}
        for d = 1, depth do
          parts[d] = tostring(levels[d] or 0)
        end
        local number = table.concat(parts, ".")
        if block.identifier ~= "" then
          remember(block.identifier, number)
          appendices[block.identifier] = appendix or nil
        end
        if not appendix then
          block.content:insert(1, pandoc.Space())
          block.content:insert(1, pandoc.Span({ pandoc.Str(number) },
            { class = "section-number" }))
        end
      elseif block.t == "Div" then
        visit(block.content)
      end
    end
  end
  visit(blocks)
end

local function link(id, inlines)
  local target = numbers[id]
  if target == nil then
    return pandoc.Span(inlines, { class = "unresolved-reference" })
  end
  return pandoc.Link(inlines, "#" .. id, "", { class = "cross-reference" })
end

-- "Figure 1", "Figures 1 and 2", "Table 1 and Equation (3)"; [-@fig:id] gives the number
-- alone. Consecutive labels of one kind share their word, in the plural.
local function reference(cite)
  local bare = cite.citations[1].mode == "SuppressAuthor"
  local groups = {}
  for _, citation in ipairs(cite.citations) do
    local kind = appendices[citation.id] and "app" or kind_of(citation.id)
    local last = groups[#groups]
    if last and last.kind == kind then
      table.insert(last.ids, citation.id)
    else
      table.insert(groups, { kind = kind, ids = { citation.id } })
    end
  end
  local function joined(items, add)
    local out = pandoc.Inlines({})
    for index, item in ipairs(items) do
      if index > 1 and index == #items then
        out:extend(gap())
        out:insert(pandoc.Str(conjunction))
        out:extend(gap())
      elseif index > 1 then
        out:insert(pandoc.Str(spaced and "," or "、"))
        out:extend(gap())
      end
      add(out, item)
    end
    return out
  end
  local function number_of(id)
    return numbers[id] or "??"
  end
  local out = joined(groups, function(into, group)
    local word = words[group.kind][#group.ids == 1 and 1 or 2]
    if #group.ids == 1 and not bare then
      -- the whole "Figure 1" is the link, as in Quarto
      local text = pandoc.Inlines({ pandoc.Str(word) })
      text:extend(gap())
      text:insert(pandoc.Str(number_of(group.ids[1])))
      into:insert(link(group.ids[1], text))
      return
    end
    if not bare then
      into:insert(pandoc.Str(word))
      into:extend(gap())
    end
    into:extend(joined(group.ids, function(inner, id)
      inner:insert(link(id, { pandoc.Str(number_of(id)) }))
    end))
  end)
  if #out == 1 then
    return out[1]
  end
  return pandoc.Span(out, { class = "cross-references" })
end

-- a citation made only of labels becomes the reference; one naming a bibliography entry is
-- left to citeproc
local function resolve(cite)
  for _, citation in ipairs(cite.citations) do
    if kind_of(citation.id) == nil then
      return nil
    end
  end
  return reference(cite)
end

-- only a labelled display equation needs its paragraph rebuilt
local function has_display_math(inlines)
  for _, inline in ipairs(inlines) do
    if inline.t == "Math" and inline.mathtype == "DisplayMath" then
      return true
    end
  end
  return false
end

local function number_paragraph(block)
  if has_display_math(block.content) then
    block.content = number_equations(block.content)
    return block
  end
  return nil
end

-- the replay of citeproc's recorded work, when asked for (see citeproc_replay.lua)
local function replayer(meta)
  local recorded = meta["repropub-citeproc-replay"]
  if not recorded then
    return nil
  end
  local library = PANDOC_SCRIPT_FILE:gsub("[^/\\]*$", "") .. "citeproc_replay.lua"
  return assert(loadfile(library))("library").replayer(stringify(recorded))
end

-- A walk that calls Lua for inline elements costs a pass over every inline of the document
-- (about as much as the HTML writer's); one over blocks that stops at their inlines costs
-- almost nothing. The caller says what the body cannot have, from its text
-- (`repropub-scan-math: false`: no `$$`, so no display math; `repropub-scan-notes: false`:
-- no footnote, so no block inside an inline): then the floats' walk stays among the blocks.
local function scans(meta)
  return meta["repropub-scan-math"] ~= false, meta["repropub-scan-notes"] ~= false
end

function Pandoc(doc)
  read_words(doc.meta)
  local replay = replayer(doc.meta)
  local math, notes = scans(doc.meta)
  -- floats and equations are numbered in document order, as the reader meets them
  local function paragraph(block)
    if notes then
      return math and number_paragraph(block) or nil
    end
    return math and number_paragraph(block) or nil, false
  end
  doc = doc:walk({
    traverse = "topdown",
    Figure = function(figure)
      return number_float(figure, "fig")
    end,
    Table = function(tbl)
      -- five columns do not fit a journal column: the table spans the page (see print.css)
      if #tbl.colspecs >= 5 and not tbl.classes:includes("wide") then
        tbl.classes:insert("wide")
      end
      -- a table longer than a column may break (print.css keeps shorter ones whole)
      local rows = 0
      for _, body in ipairs(tbl.bodies) do
        rows = rows + #body.body
      end
      if rows > LONG_TABLE_ROWS then
        tbl.classes:insert("long")
      end
      return number_float(tbl, "tbl") or tbl
    end,
    Para = paragraph,
    Plain = paragraph,
    Header = not notes and function() return nil, false end or nil,
    LineBlock = not notes and function() return nil, false end or nil,
    Div = replay and replay.check_div or nil,
  })
  -- one pass over the citations: whether any cites a label (and a section: only then are
  -- headings numbered, so that an article without section references keeps its headings as
  -- written), and, when replaying, the recorded citations put in place of the others in the
  -- order citeproc_replay.lua recorded them (a citation of labels alone never reaches citeproc)
  local cites_sections, cites_labels = false, false
  local function labels_only(cite)
    local only = true
    for _, citation in ipairs(cite.citations) do
      local kind = kind_of(citation.id)
      cites_sections = cites_sections or kind == "sec"
      cites_labels = cites_labels or kind ~= nil
      only = only and kind ~= nil
    end
    return only
  end
  doc = doc:walk({
    Cite = function(cite)
      if not labels_only(cite) and replay then
        return replay.cite(cite)
      end
      return nil
    end,
  })
  if cites_sections then
    number_headings(doc.blocks)
  end
  -- a second pass over every citation, only when some cite a label
  if cites_labels then
    doc = doc:walk({ Cite = resolve })
  end
  return replay and replay.finish(doc) or doc
end

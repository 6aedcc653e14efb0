-- The document a citeproc run gives names its bibliography file in the metadata. Its writers
-- run in the sandbox, where the JATS writer may not read that file: it reads the references
-- from the metadata instead (see pandoc.py, ast_to_jats).

function Meta(meta)
  meta.bibliography = nil
  return meta
end

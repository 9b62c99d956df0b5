-- The date of a conference's invitation letter (giấy mời), set when it is
-- numbered: the letter is dated like any document, and its DOCX is printed
-- again later with that date.
ALTER TABLE conference ADD COLUMN invitation_on TEXT NOT NULL DEFAULT '';

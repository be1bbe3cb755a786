-- nbgrader 0.9.6 gradebook made by make_gradebook.py (sqlite3 iterdump)
BEGIN TRANSACTION;
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);
INSERT INTO "alembic_version" VALUES('e43177bfe90b');
CREATE TABLE assignment (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	duedate DATETIME, 
	course_id VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(course_id) REFERENCES course (id)
);
INSERT INTO "assignment" VALUES('e19038386e22469190e17b1922e2399a','01-softmax','2026-12-07 09:00:00.000000','softmaxlab');
INSERT INTO "assignment" VALUES('681b979aa4584ee69b496d4c7a4608f9','00-welcome',NULL,'softmaxlab');
CREATE TABLE base_cell (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	notebook_id VARCHAR(32) NOT NULL, 
	type VARCHAR(50), 
	PRIMARY KEY (id), 
	UNIQUE (name, notebook_id, type), 
	FOREIGN KEY(notebook_id) REFERENCES notebook (id)
);
INSERT INTO "base_cell" VALUES('1755b5607dbf4424bb6b18f6a9fe6e52','c1','434cd6704ef24b7fb7b009d8177b0be3','GradeCell');
INSERT INTO "base_cell" VALUES('7e768cf2ea564f7aa5e2317047dfef4b','c2','434cd6704ef24b7fb7b009d8177b0be3','GradeCell');
INSERT INTO "base_cell" VALUES('f5deaac261b64ecaafbb8df459ce5068','c3','434cd6704ef24b7fb7b009d8177b0be3','GradeCell');
INSERT INTO "base_cell" VALUES('a55daf24ebed4b048aa9d59eabf3b4ed','w1','11fc802223d94257b39a7397c93a688c','GradeCell');
CREATE TABLE comment (
	id VARCHAR(32) NOT NULL, 
	notebook_id VARCHAR(32), 
	cell_id VARCHAR(32), 
	auto_comment TEXT, 
	manual_comment TEXT, 
	PRIMARY KEY (id), 
	UNIQUE (cell_id, notebook_id), 
	FOREIGN KEY(notebook_id) REFERENCES submitted_notebook (id), 
	FOREIGN KEY(cell_id) REFERENCES base_cell (id)
);
CREATE TABLE course (
	id VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (id)
);
INSERT INTO "course" VALUES('softmaxlab');
CREATE TABLE grade (
	id VARCHAR(32) NOT NULL, 
	notebook_id VARCHAR(32), 
	cell_id VARCHAR(32), 
	auto_score FLOAT, 
	manual_score FLOAT, 
	extra_credit FLOAT, 
	needs_manual_grade BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (cell_id, notebook_id), 
	FOREIGN KEY(notebook_id) REFERENCES submitted_notebook (id), 
	FOREIGN KEY(cell_id) REFERENCES base_cell (id)
);
INSERT INTO "grade" VALUES('75e2d527b4c545f1a7dba3e3125e4e3b','0f7642d9a69741b2880cf6081fd1952a','1755b5607dbf4424bb6b18f6a9fe6e52',1.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('79e16c3e1cac4c2c8bb793209e37f06e','0f7642d9a69741b2880cf6081fd1952a','7e768cf2ea564f7aa5e2317047dfef4b',1.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('2fd25b5124f349d68bf23527fc7f900d','0f7642d9a69741b2880cf6081fd1952a','f5deaac261b64ecaafbb8df459ce5068',1.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('e580ae4f26494fbea9299dffde172ab8','7a011fd38139446691770b0777b18c01','1755b5607dbf4424bb6b18f6a9fe6e52',1.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('dbb13127fa8944939f53c5b9dd1de0e5','7a011fd38139446691770b0777b18c01','7e768cf2ea564f7aa5e2317047dfef4b',0.0,0.5,NULL,1);
INSERT INTO "grade" VALUES('687262d8434648a88dab7e07c4d79011','7a011fd38139446691770b0777b18c01','f5deaac261b64ecaafbb8df459ce5068',0.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('43e624e7237b46418823b4ff9207b391','431e631fd33b481484c9b1bacd7ad26b','1755b5607dbf4424bb6b18f6a9fe6e52',0.0,NULL,0.25,1);
INSERT INTO "grade" VALUES('825a7338117f4776857863e68e2f143d','431e631fd33b481484c9b1bacd7ad26b','7e768cf2ea564f7aa5e2317047dfef4b',0.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('21d278af68f8415eb6738bae25a408f6','431e631fd33b481484c9b1bacd7ad26b','f5deaac261b64ecaafbb8df459ce5068',0.0,NULL,NULL,1);
INSERT INTO "grade" VALUES('978f0992e7d244e58e85b9ef035c1e2e','f9dcf2d1983b4f4f8c28d22a2cf4b92a','a55daf24ebed4b048aa9d59eabf3b4ed',1.0,NULL,NULL,1);
CREATE TABLE grade_cells (
	id VARCHAR(32) NOT NULL, 
	max_score FLOAT NOT NULL, 
	cell_type VARCHAR(8) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(id) REFERENCES base_cell (id)
);
INSERT INTO "grade_cells" VALUES('1755b5607dbf4424bb6b18f6a9fe6e52',1.0,'code');
INSERT INTO "grade_cells" VALUES('7e768cf2ea564f7aa5e2317047dfef4b',1.0,'code');
INSERT INTO "grade_cells" VALUES('f5deaac261b64ecaafbb8df459ce5068',1.0,'code');
INSERT INTO "grade_cells" VALUES('a55daf24ebed4b048aa9d59eabf3b4ed',1.0,'code');
CREATE TABLE notebook (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	assignment_id VARCHAR(32), 
	kernelspec VARCHAR(1024), 
	PRIMARY KEY (id), 
	UNIQUE (name, assignment_id), 
	FOREIGN KEY(assignment_id) REFERENCES assignment (id)
);
INSERT INTO "notebook" VALUES('434cd6704ef24b7fb7b009d8177b0be3','01-softmax','e19038386e22469190e17b1922e2399a',NULL);
INSERT INTO "notebook" VALUES('11fc802223d94257b39a7397c93a688c','00-welcome','681b979aa4584ee69b496d4c7a4608f9',NULL);
CREATE TABLE solution_cells (
	id VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(id) REFERENCES base_cell (id)
);
CREATE TABLE source_cell (
	id VARCHAR(32) NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	cell_type VARCHAR(8) NOT NULL, 
	locked BOOLEAN NOT NULL, 
	source TEXT, 
	checksum VARCHAR(128), 
	notebook_id VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (name, notebook_id), 
	FOREIGN KEY(notebook_id) REFERENCES notebook (id)
);
CREATE TABLE student (
	id VARCHAR(128) NOT NULL, 
	first_name VARCHAR(128), 
	last_name VARCHAR(128), 
	email VARCHAR(128), 
	lms_user_id VARCHAR(128), 
	PRIMARY KEY (id)
);
INSERT INTO "student" VALUES('s01','Ada','Lovelace','ada@example.org','4711');
INSERT INTO "student" VALUES('s02',NULL,NULL,NULL,NULL);
INSERT INTO "student" VALUES('s03','Bo','Zhang',NULL,NULL);
INSERT INTO "student" VALUES('s04',NULL,NULL,NULL,NULL);
CREATE TABLE submitted_assignment (
	id VARCHAR(32) NOT NULL, 
	assignment_id VARCHAR(32), 
	student_id VARCHAR(128), 
	timestamp DATETIME, 
	extension DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (assignment_id, student_id), 
	FOREIGN KEY(assignment_id) REFERENCES assignment (id), 
	FOREIGN KEY(student_id) REFERENCES student (id)
);
INSERT INTO "submitted_assignment" VALUES('3775d6575cf645a591ebb565d4dc83a5','e19038386e22469190e17b1922e2399a','s01','2026-12-07 08:59:01.250000',NULL);
INSERT INTO "submitted_assignment" VALUES('b8c74376af6e42a59bc715f02bd9c813','e19038386e22469190e17b1922e2399a','s02','2026-12-07 10:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('23f06bba9e67494f8221372ef1dda83b','e19038386e22469190e17b1922e2399a','s03','2026-12-07 08:00:00.000000',NULL);
INSERT INTO "submitted_assignment" VALUES('c3bd7e8b0bdd4211bc0963629226f735','681b979aa4584ee69b496d4c7a4608f9','s01','2026-12-01 12:00:00.000000',NULL);
CREATE TABLE submitted_notebook (
	id VARCHAR(32) NOT NULL, 
	assignment_id VARCHAR(32), 
	notebook_id VARCHAR(32), 
	flagged BOOLEAN, 
	late_submission_penalty FLOAT, 
	PRIMARY KEY (id), 
	UNIQUE (notebook_id, assignment_id), 
	FOREIGN KEY(assignment_id) REFERENCES submitted_assignment (id), 
	FOREIGN KEY(notebook_id) REFERENCES notebook (id)
);
INSERT INTO "submitted_notebook" VALUES('0f7642d9a69741b2880cf6081fd1952a','3775d6575cf645a591ebb565d4dc83a5','434cd6704ef24b7fb7b009d8177b0be3',0,0.0);
INSERT INTO "submitted_notebook" VALUES('7a011fd38139446691770b0777b18c01','b8c74376af6e42a59bc715f02bd9c813','434cd6704ef24b7fb7b009d8177b0be3',0,1.0);
INSERT INTO "submitted_notebook" VALUES('431e631fd33b481484c9b1bacd7ad26b','23f06bba9e67494f8221372ef1dda83b','434cd6704ef24b7fb7b009d8177b0be3',0,0.0);
INSERT INTO "submitted_notebook" VALUES('f9dcf2d1983b4f4f8c28d22a2cf4b92a','c3bd7e8b0bdd4211bc0963629226f735','11fc802223d94257b39a7397c93a688c',0,2.0);
CREATE TABLE task_cells (
	id VARCHAR(32) NOT NULL, 
	max_score FLOAT NOT NULL, 
	cell_type VARCHAR(8) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(id) REFERENCES base_cell (id)
);
COMMIT;

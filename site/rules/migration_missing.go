package rules

import "github.com/infradoc/infradoc/site"

var ruleMigrationMissing = &Rule{ID: "migration-missing", Severity: site.SeverityError, Summary: "a PROMOTED obligation's migration folder exists and holds migrations", Check: checkMigrationFolders}

func checkMigrationFolders(s *site.Site, out *findings) {
	for _, o := range s.Obligations {
		if o.Status != site.StatusPromoted {
			continue
		}
		ms := s.Evidence.Obligation(o.ID).Migrations()
		switch {
		case o.MigrationPath == "":
			out.AddAbout(o.ID, o.Of("status"), "migration-missing", "%s is PROMOTED but names no migration_path, so nothing shows its objects are created", o.ID)
		case ms == nil:
		case ms.Problem != "":
			out.AddAbout(o.ID, o.Of("migration_path"), "migration-missing", "%s is PROMOTED but its migration folder %s %s", o.ID, ms.Display, ms.Problem)
		case !ms.Exists:
			out.AddAbout(o.ID, o.Of("migration_path"), "migration-missing", "%s is PROMOTED but its migration folder %s does not exist%s", o.ID, ms.Display, hintOf(ms.Hint))
		case len(ms.Files) == 0:
			out.AddAbout(o.ID, o.Of("migration_path"), "migration-missing", "%s is PROMOTED but its migration folder %s is empty", o.ID, ms.Display)
		}
	}
}

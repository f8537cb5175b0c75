// Check that an ontology file lies in the OWL 2 DL profile, with the OWL API's own profile
// checker (Debian's libapache... libowlapi-java). Prints one line per violation and exits 1 if
// there is any; prints "OWL 2 DL: N axioms" and exits 0 otherwise.
//
//   java -cp CLASSPATH tests/java/OwlProfile.java ontology/kg.ttl
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

public class OwlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.toString().replaceAll("\\s+", " "));
        }
        if (!report.isInProfile()) {
            System.exit(1);
        }
        System.out.println("OWL 2 DL: " + ontology.getAxiomCount() + " axioms");
    }
}
